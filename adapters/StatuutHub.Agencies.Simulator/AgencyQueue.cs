using System.Text;
using Amqp;
using Microsoft.Extensions.Logging.Abstractions;
using StatuutHub.Broker;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Agencies.Simulator;

/// <summary>A simulated agency that takes its messages from its queue instead of over HTTP: each goes through the same
/// <see cref="SimulatedAgency.Take"/> (schema, de-duplication by message id, decision), and is completed once taken; a message that
/// breaks the agency's schema is dead-lettered with the problems, and one without the hub's seal (made with the key the agency
/// shares with the hub) with <c>UNSEALED_MESSAGE</c>, as a real agency should. Its decisions go on the decisions queue, sealed with its key.</summary>
internal sealed class AgencyQueue(SimulatedAgency agency, string queue, BrokerConnection broker, string key)
    : QueueConsumer(broker, TimeProvider.System, NullLogger.Instance)
{
    /// <inheritdoc />
    protected override string? QueueName => queue;

    /// <inheritdoc />
    protected override Task<QueueSettlement> HandleAsync(Message message, CancellationToken ct)
    {
        var bytes = QueueMessages.Body(message);
        if (!DecisionSeal.Verify(key, DecisionSeal.FromHub(Destination.KindName(agency.Kind)), bytes, QueueMessages.Property(message, DecisionSeal.SealProperty)))
        {
            agency.CountUnsealed();
            return Task.FromResult(QueueSettlement.DeadLetter("UNSEALED_MESSAGE", "not sealed by the hub with the key this agency shares with it"));
        }

        var body = Encoding.UTF8.GetString(bytes);
        var (stored, problems) = agency.Take(body, "/" + (message.Properties?.Subject ?? string.Empty));
        return Task.FromResult(stored is null
            ? QueueSettlement.DeadLetter("INVALID_MESSAGE", string.Join("; ", problems.Select(p => $"{p.Path} {p.Code}")))
            : QueueSettlement.Complete);
    }
}

/// <summary>Where and how an agency on the broker puts its decisions.</summary>
internal sealed record DecisionQueue(BrokerConnection Broker, string Address, string Key)
{
    /// <summary>Puts the decision on the queue, sealed in the agency's name; false when the broker did not take it (try again).</summary>
    public async Task<bool> TrySendAsync(PendingDecision decision, CancellationToken ct)
    {
        using var content = DecisionSender.Body(decision);
        var body = await content.ReadAsByteArrayAsync(ct);
        var agency = Destination.KindName(decision.Agency);
        var message = QueueMessages.Create(body, content.Headers.ContentType!.MediaType!, Guid.NewGuid().ToString("D"));
        message.ApplicationProperties[DecisionSeal.AgencyProperty] = agency;
        message.ApplicationProperties[DecisionSeal.SealProperty] = DecisionSeal.Compute(Key, agency, body);
        try
        {
            await Broker.SendAsync(Address, message, ct);
            return true;
        }
        catch (Exception ex) when (ex is BrokerUnavailableException or AmqpException)
        {
            return false;
        }
    }
}
