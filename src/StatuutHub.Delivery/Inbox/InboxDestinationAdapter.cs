using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Inbox;

/// <summary>Offices that have no endpoint of their own (<c>Destinations:{kind}:Transport=Inbox</c>, or one office of a kind in
/// <c>Destinations:{kind}:InboxOffices</c>): the message stays in the hub, addressed to that office, and counts as delivered at once
/// — <c>Sent</c>, with its answer date as for any other transport — so routing, deadlines, renewals and Overdue are unchanged. The
/// office's people read it and decide in the inbox (<c>/kantoor</c>, <c>/api/v1/inbox</c>). Other offices of the kind go on over the
/// wrapped adapter.</summary>
public sealed class InboxDestinationAdapter(IDestinationAdapter inner, DestinationOptions options) : IDestinationAdapter
{
    /// <inheritdoc />
    public DestinationKind Kind => inner.Kind;

    /// <summary>True when <paramref name="destination"/> reads its requests in the inbox.</summary>
    public static bool IsOnInbox(DestinationOptions options, Destination destination) =>
        options.Transport == DestinationTransport.Inbox
        || (destination.Address is { } address && options.InboxOffices.Contains(address, StringComparer.Ordinal));

    /// <inheritdoc />
    public AgencyRequest Compose(OutboundMessage message) => inner.Compose(message);

    /// <summary>An inbox office's request is received at once, without a number of its own: the office gives its reference when it
    /// decides.</summary>
    public Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct) =>
        IsOnInbox(options, message.Destination) ? Task.FromResult(AgencyAnswer.Receipt(null)) : inner.SendAsync(message, ct);

    /// <inheritdoc />
    public AgencyDecision ParseDecision(string contentType, string body) => inner.ParseDecision(contentType, body);

    /// <summary>The wrapped adapter's query: the reconciler does not ask about inbox deliveries (an office decides in the hub itself,
    /// so no decision can be lost on the way).</summary>
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) => inner.QueryDecisionAsync(messageId, ct);
}
