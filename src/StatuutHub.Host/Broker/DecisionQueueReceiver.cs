using System.Text;
using Amqp;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Acks;
using StatuutHub.Broker;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Broker;

/// <summary>The agencies' decisions over the decisions queue (<c>Broker:DecisionsQueue</c>), applied through the same use case as the
/// HTTP ack endpoint and under the same rule: a decision counts only from the agency that owns the delivery. Over HTTP the agency's
/// key proves who posts; here its seal does (<see cref="DecisionSeal"/>). Completed after the durable commit; a duplicate is
/// completed too (idempotent); what can never apply is dead-lettered with the same code the ack endpoint would answer.</summary>
public sealed class DecisionQueueReceiver(
    BrokerConnection broker,
    DestinationAdapters adapters,
    AgencyDecisions decisions,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<DecisionQueueReceiver> logger) : QueueConsumer(broker, time, logger)
{
    /// <inheritdoc />
    protected override string? QueueName => options.Value.DecisionsQueue;

    /// <inheritdoc />
    protected override async Task<QueueSettlement> HandleAsync(Message message, CancellationToken ct)
    {
        var agency = QueueMessages.Property(message, DecisionSeal.AgencyProperty) ?? string.Empty;
        if (adapters.Find(agency) is not { } adapter)
        {
            return QueueSettlement.DeadLetter("UNKNOWN_AGENCY", $"No agency '{agency}' (property {DecisionSeal.AgencyProperty}).");
        }

        byte[] bytes;
        try
        {
            bytes = QueueMessages.Body(message);
        }
        catch (FormatException ex)
        {
            return QueueSettlement.DeadLetter("ACK_UNREADABLE", ex.Message);
        }

        if (!options.Value.DecisionKeys.TryGetValue(agency, out var key) || !DecisionSeal.Verify(key, agency, bytes, QueueMessages.Property(message, DecisionSeal.SealProperty)))
        {
            return QueueSettlement.DeadLetter("UNAUTHORISED_DECISION", $"The seal does not prove that {agency} sent this decision.");
        }

        AgencyDecision decision;
        try
        {
            decision = adapter.ParseDecision(QueueMessages.ContentType(message), new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes));
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            return QueueSettlement.DeadLetter("ACK_UNREADABLE", ex.Message);
        }

        return await decisions.ApplyAsync(decision.ToAck(adapter.Kind, Time.GetUtcNow()), ct) switch
        {
            AckOutcome.Applied or AckOutcome.Noted or AckOutcome.Duplicate => QueueSettlement.Complete,
            AckOutcome.UnknownMessage => QueueSettlement.DeadLetter("UNKNOWN_MESSAGE", $"No message with id {decision.MessageId}."),
            AckOutcome.WrongAgency => QueueSettlement.DeadLetter("NOT_YOUR_DELIVERY", $"Message {decision.MessageId} was not addressed to {agency}."),
            _ => QueueSettlement.DeadLetter("DECISION_CONFLICT", $"A different decision was already recorded for message {decision.MessageId}."),
        };
    }
}
