using StatuutHub.Domain.Routing;

namespace StatuutHub.Domain.Deliveries;

/// <summary>One delivery of an attest as the chain rules see it: <paramref name="WaitsOn"/> names the destination whose decision
/// it waits for, <paramref name="DueAt"/> when a planned renewal is to be asked.</summary>
public sealed record ChainLink(long Id, string Destination, int Version, MessageKind Kind, DeliveryState State, string? WaitsOn, DateTimeOffset DueAt);

/// <summary>Why a chain rule moves a delivery; each has the reason code the delivery keeps (null: it keeps the one it has).</summary>
public enum ChainReason
{
    /// <summary>The body it waited on approved: it may go (due now).</summary>
    Released,

    /// <summary>The body it waited on refused: it is never sent.</summary>
    PrerequisiteRefused,

    /// <summary>A newer version or a cancel replaces this waiting message.</summary>
    Superseded,

    /// <summary>A newer approval of the same body plans a renewal of its own.</summary>
    RenewalReplaced,

    /// <summary>The attest was cancelled, or now ends before the renewal would be asked.</summary>
    RenewalNotNeeded,
}

/// <summary>A move a chain rule decides: delivery <paramref name="Id"/> from <paramref name="From"/> to <paramref name="To"/>.</summary>
public sealed record ChainMove(long Id, string Destination, DeliveryState From, DeliveryState To, ChainReason Reason)
{
    /// <summary>The reason code the delivery keeps after the move (null: unchanged).</summary>
    public string? ReasonCode => Reason switch
    {
        ChainReason.Released => null,
        ChainReason.PrerequisiteRefused => "PREREQUISITE_REFUSED",
        ChainReason.Superseded => "SUPERSEDED",
        ChainReason.RenewalReplaced => "REPLACED",
        _ => "NOT_NEEDED",
    };
}

/// <summary>The chain rules over one attest's deliveries: a message that waits on another body's permission (the RVA on VDAB)
/// goes when that body approved and never when it refused; a new version stops what it replaces; a planned renewal is withdrawn
/// when a newer approval plans its own, or when it is no longer needed. The store reads the deliveries, asks these rules and writes
/// the moves by id, in the same transaction as the write that decided them.</summary>
public static class DeliveryChain
{
    /// <summary>Each waiting delivery whose awaited body decided: released when the newest message to that body (not stopped, not a
    /// renewal) was acknowledged, stopped when it was rejected.</summary>
    public static IReadOnlyList<ChainMove> Settle(IReadOnlyCollection<ChainLink> deliveries) =>
        [.. deliveries.Where(d => d.State == DeliveryState.Waiting && d.WaitsOn is not null)
            .Select(d => (Waiting: d, Awaited: deliveries
                .Where(p => p.Destination == d.WaitsOn && p.State != DeliveryState.Stopped && p.Kind != MessageKind.Renew)
                .MaxBy(p => p.Version)?.State))
            .Where(w => w.Awaited is { } awaited && DeliveryStateMachine.IsDecided(awaited))
            .Select(w => w.Awaited == DeliveryState.Acknowledged
                ? Move(w.Waiting, DeliveryEvent.PrerequisiteApproved, ChainReason.Released)
                : Move(w.Waiting, DeliveryEvent.PrerequisiteFailed, ChainReason.PrerequisiteRefused))];

    /// <summary>What a new version (<paramref name="version"/>) stops: older versions' waiting messages, and older versions' planned
    /// renewals when <paramref name="cancelled"/> or when they would be asked after <paramref name="activityEndsAt"/> (null: open end).</summary>
    public static IReadOnlyList<ChainMove> AfterNewVersion(IReadOnlyCollection<ChainLink> deliveries, int version, bool cancelled, DateTimeOffset? activityEndsAt) =>
    [
        .. deliveries.Where(d => d.State == DeliveryState.Waiting && d.Version < version).Select(d => Move(d, DeliveryEvent.Withdrawn, ChainReason.Superseded)),
        .. deliveries.Where(d => IsPlannedRenewal(d) && d.Version < version && (cancelled || (activityEndsAt is { } end && d.DueAt > end)))
            .Select(d => Move(d, DeliveryEvent.Withdrawn, ChainReason.RenewalNotNeeded)),
    ];

    /// <summary>The renewals still planned for <paramref name="destination"/>, which a new approval of that body replaces.</summary>
    public static IReadOnlyList<ChainMove> ReplacedRenewals(IReadOnlyCollection<ChainLink> deliveries, string destination) =>
        [.. deliveries.Where(d => d.Destination == destination && IsPlannedRenewal(d)).Select(d => Move(d, DeliveryEvent.Withdrawn, ChainReason.RenewalReplaced))];

    /// <summary>An earlier version's message to a body holds the later versions' messages to that body back while it may still go
    /// (waiting to be sent, or a dead letter an operator may replay): a body hears an attest's versions in order. A renewal asks
    /// again for a permission the body gave; it holds nothing back. The claim (<c>EngineStatements.ClaimDue</c>) follows this rule.</summary>
    public static bool HoldsBackLaterVersions(DeliveryState state, MessageKind kind) =>
        kind != MessageKind.Renew && (DeliveryStateMachine.AwaitsSending(state) || state == DeliveryState.DeadLettered);

    /// <summary>A delivery whose reference is a permission that a message chained to its body carries (the RVA quotes VDAB's): an
    /// approved create or amendment, not the receipt of an end or a cancel, nor a renewal's answer. The claim follows this rule.</summary>
    public static bool GrantsPermission(DeliveryState state, MessageKind kind) =>
        state == DeliveryState.Acknowledged && kind is MessageKind.Create or MessageKind.Amend;

    private static bool IsPlannedRenewal(ChainLink d) => d.Kind == MessageKind.Renew && d.State == DeliveryState.Pending;

    private static ChainMove Move(ChainLink d, DeliveryEvent happened, ChainReason reason) =>
        new(d.Id, d.Destination, d.State, DeliveryStateMachine.Apply(d.State, happened), reason);
}
