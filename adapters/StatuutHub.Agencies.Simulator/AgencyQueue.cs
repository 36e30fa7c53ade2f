using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using StatuutHub.Broker;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Agencies.Simulator;

/// <summary>A simulated agency that takes its messages from its queue instead of over HTTP: each goes through the same
/// <see cref="SimulatedAgency.Take"/> (schema, de-duplication by message id, decision), and is completed once taken; a message that
/// breaks the agency's schema is dead-lettered with the problems, and one without the hub's seal (made with the key the agency
/// shares with the hub) with <c>UNSEALED_MESSAGE</c>, as a real agency should. Its decisions go on the decisions queue, sealed with its key.</summary>
internal sealed class AgencyQueue(SimulatedAgency agency, string queue, IBrokerTransport broker, BrokerOptions options, string key)
    : QueueConsumer(broker, options, TimeProvider.System, NullLogger.Instance)
{
    /// <inheritdoc />
    protected override string? QueueName => queue;

    /// <inheritdoc />
    protected override Task<QueueSettlement> HandleAsync(QueueMessage message, CancellationToken ct)
    {
        var bytes = message.Body;
        if (!DecisionSeal.Verify(key, DecisionSeal.FromHub(Destination.KindName(agency.Kind)), bytes, message.Property(DecisionSeal.SealProperty)))
        {
            agency.CountUnsealed();
            return Task.FromResult(QueueSettlement.DeadLetter("UNSEALED_MESSAGE", "not sealed by the hub with the key this agency shares with it"));
        }

        var body = Encoding.UTF8.GetString(bytes);
        var (stored, problems) = agency.Take(body, "/" + (message.Subject ?? string.Empty));
        return Task.FromResult(stored is null
            ? QueueSettlement.DeadLetter("INVALID_MESSAGE", string.Join("; ", problems.Select(p => $"{p.Path} {p.Code}")))
            : QueueSettlement.Complete);
    }
}

/// <summary>Where and how an agency on the broker puts its decisions.</summary>
internal sealed record DecisionQueue(IBrokerTransport Broker, string Queue, string Key)
{
    /// <summary>Puts the decision on the queue, sealed in the agency's name; false when the broker did not take it (try again).</summary>
    public async Task<bool> TrySendAsync(PendingDecision decision, CancellationToken ct)
    {
        using var content = DecisionSender.Body(decision);
        var body = await content.ReadAsByteArrayAsync(ct);
        var agency = Destination.KindName(decision.Agency);
        var message = new QueueMessage
        {
            Body = body,
            ContentType = content.Headers.ContentType!.MediaType!,
            MessageId = Guid.NewGuid().ToString("D"),
            Properties = new Dictionary<string, object?> { [DecisionSeal.AgencyProperty] = agency, [DecisionSeal.SealProperty] = DecisionSeal.Compute(Key, agency, body) },
        };
        try
        {
            await Broker.SendAsync(Queue, message, ct);
            return true;
        }
        catch (Exception ex) when (ex is BrokerUnavailableException or BrokerRefusedException)
        {
            return false;
        }
    }
}
