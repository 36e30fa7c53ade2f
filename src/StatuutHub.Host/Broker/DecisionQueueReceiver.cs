using Microsoft.Extensions.Options;
using StatuutHub.Broker;
using StatuutHub.Host.Acks;

namespace StatuutHub.Host.Broker;

/// <summary>The agencies' decisions over the decisions queue (<c>Broker:DecisionsQueue</c>), applied through the same use case as the
/// HTTP ack endpoint and under the same rule: a decision counts only from the agency that owns the delivery. Over HTTP the agency's
/// key proves who posts; here its seal does (<see cref="DecisionSeal"/>). Completed after the durable commit; a duplicate is
/// completed too (idempotent); what can never apply is dead-lettered with the same code the ack endpoint would answer.</summary>
public sealed class DecisionQueueReceiver(
    IBrokerTransport broker,
    DecisionIntake intake,
    IOptions<BrokerOptions> options,
    TimeProvider time,
    ILogger<DecisionQueueReceiver> logger) : QueueConsumer(broker, options.Value, time, logger)
{
    /// <inheritdoc />
    protected override string? QueueName => options.Value.DecisionsQueue;

    /// <inheritdoc />
    protected override async Task<QueueSettlement> HandleAsync(QueueMessage message, CancellationToken ct)
    {
        var agency = message.Property(DecisionSeal.AgencyProperty) ?? string.Empty;
        if (!intake.Knows(agency))
        {
            return QueueSettlement.DeadLetter("UNKNOWN_AGENCY", $"No agency '{agency}' (property {DecisionSeal.AgencyProperty}).");
        }

        var bytes = message.Body;
        if (!options.Value.DecisionKeys.TryGetValue(agency, out var key) || !DecisionSeal.Verify(key, agency, bytes, message.Property(DecisionSeal.SealProperty)))
        {
            return QueueSettlement.DeadLetter("UNAUTHORISED_DECISION", $"The seal does not prove that {agency} sent this decision.");
        }

        var taken = await intake.TakeAsync(agency, message.ContentType, bytes, ct);
        return taken.Code is { } code ? QueueSettlement.DeadLetter(code, taken.English) : QueueSettlement.Complete;
    }
}
