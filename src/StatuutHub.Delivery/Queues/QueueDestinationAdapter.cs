using System.Text;
using StatuutHub.Broker;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Queues;

/// <summary>An agency reached over its queue (<c>Destinations:{kind}:Transport=Amqp</c>): the adapter's own message goes to the
/// queue instead of its HTTP path, and counts as sent once the broker confirmed it (settled Accepted). Decisions come back on the
/// decisions queue; the decision query stays the adapter's own (HTTP). The dispatcher calls it through the same resilience
/// pipeline, so retries, the circuit breaker, the retry budget and dead-lettering are those of HTTP.</summary>
public sealed class QueueDestinationAdapter(IDestinationAdapter inner, IBrokerTransport broker, BrokerOptions brokerOptions, QueueOptions queue) : IDestinationAdapter
{
    /// <summary>The application properties each message carries.</summary>
    public const string AttestIdProperty = "attestId";

    /// <inheritdoc cref="AttestIdProperty"/>
    public const string AttestVersionProperty = "attestVersion";

    /// <inheritdoc cref="AttestIdProperty"/>
    public const string DestinationProperty = "destination";

    /// <inheritdoc cref="AttestIdProperty"/>
    public const string ActionProperty = "action";

    /// <inheritdoc />
    public DestinationKind Kind => inner.Kind;

    /// <summary>The queue this agency reads.</summary>
    public string QueueName => QueueOf(Kind, queue);

    /// <summary>The queue of an agency: the configured name, or <c>statuut.{kind}</c>.</summary>
    public static string QueueOf(DestinationKind kind, QueueOptions queue) =>
        string.IsNullOrWhiteSpace(queue.Name) ? $"statuut.{Destination.KindName(kind)}" : queue.Name;

    /// <inheritdoc />
    public AgencyRequest Compose(OutboundMessage message) => inner.Compose(message);

    /// <inheritdoc />
    public async Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var queued = ToQueueMessage(message, Compose(message), queue.TimeToLive, brokerOptions.DecisionKeys.GetValueOrDefault(Destination.KindName(Kind)));
        try
        {
            await broker.SendAsync(QueueName, queued, ct);
        }
        catch (BrokerUnavailableException ex)
        {
            throw new DeliveryFailedException(ex.Message, transient: true, ex);
        }
        catch (BrokerRefusedException ex)
        {
            throw new DeliveryFailedException(ex.Message, transient: false, ex);
        }

        return AgencyAnswer.Receipt(null);
    }

    /// <summary>The queue message: the hub's message id as message id (Service Bus duplicate detection), the attest id as session
    /// (<c>group-id</c>: one attest's messages in order), the path as subject, with a time-to-live, and sealed with the key the agency
    /// shares with the hub (<c>Broker:DecisionKeys:{agency}</c>) when there is one.</summary>
    public static QueueMessage ToQueueMessage(OutboundMessage message, AgencyRequest request, TimeSpan timeToLive, string? sealKey = null)
    {
        var body = Encoding.UTF8.GetBytes(request.Body);
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [AttestIdProperty] = message.AttestId.ToString("D"),
            [AttestVersionProperty] = message.Version,
            [DestinationProperty] = message.Destination.Id,
            [ActionProperty] = MessageActions.Of(message.Kind),
        };
        if (sealKey is not null)
        {
            var agency = Destination.KindName(message.Destination.Kind);
            properties[DecisionSeal.AgencyProperty] = DecisionSeal.FromHub(agency);
            properties[DecisionSeal.SealProperty] = DecisionSeal.Compute(sealKey, DecisionSeal.FromHub(agency), body);
        }

        return new QueueMessage
        {
            Body = body, ContentType = request.MediaType, MessageId = message.MessageId.ToString("D"), SessionId = message.AttestId.ToString("D"),
            Subject = request.Path, TimeToLive = timeToLive, Properties = properties,
        };
    }

    /// <inheritdoc />
    public AgencyDecision ParseDecision(string contentType, string body) => inner.ParseDecision(contentType, body);

    /// <inheritdoc />
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) => inner.QueryDecisionAsync(messageId, ct);
}
