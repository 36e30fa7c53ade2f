using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Queues;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Application.Support;

/// <summary>One delivery as support staff inspect it (ServicePulse's message view): the message the hub sends the agency, with
/// where it goes and its headers, and every attempt with what the agency answered. The message is composed again by the
/// destination's own adapter from the stored version, the message id and the approval it names, so it is the message that
/// went (adapters are pure mappings); every INSZ in it is masked.</summary>
public sealed class DeliveryInspection(ISupportQueries queries, IEnumerable<IDestinationAdapter> adapters, IOptionsMonitor<DestinationOptions> destinations)
{
    /// <summary>The delivery with its message and attempts; null when unknown or purged.</summary>
    public async Task<InspectedDelivery?> InspectAsync(long deliveryId, CancellationToken ct)
    {
        if (await queries.GetDeliveryAsync(deliveryId, ct) is not { } detail)
        {
            return null;
        }

        var delivery = detail.Message;
        var adapter = adapters.FirstOrDefault(a => a.Kind == delivery.Destination.Kind);
        if (adapter is null)
        {
            return new InspectedDelivery(detail, null, "no adapter for this destination is configured here");
        }

        AgencyRequest request;
        try
        {
            request = adapter.Compose(OutboundMessage.Of(delivery));
        }
        catch (DeliveryFailedException ex)
        {
            // E.g. the RVA's message while it still waits for VDAB's permission: it cannot be written before that answer.
            return new InspectedDelivery(detail, null, ex.Message);
        }

        var target = adapter is QueueDestinationAdapter queue
            ? $"AMQP → {queue.QueueName} (subject {request.Path})"
            : $"POST {AgencyHttp.BaseAddress(destinations.Get(Destination.KindName(delivery.Destination.Kind)).BaseUrl)}{request.Path}";
        var headers = $"Content-Type: {request.MediaType}; charset=utf-8\nX-Message-Id: {delivery.MessageId:D}\nAuthorization: (the destination's credential, not shown)";
        return new InspectedDelivery(detail, new SentMessage(target, headers, PersonalText.Scrub(request.Body)!), null);
    }
}

/// <summary>A delivery and the message it carries, or why there is none to show (no adapter here, or the message cannot be
/// written yet).</summary>
public sealed record InspectedDelivery(DeliveryDetail Detail, SentMessage? Message, string? NoMessage);

/// <summary>The message as it goes out: where to, its headers, its body with every INSZ masked.</summary>
public sealed record SentMessage(string Target, string Headers, string Body);
