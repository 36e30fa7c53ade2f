using StatuutHub.Delivery.Dispatch;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Support;

/// <summary>The support desk's use cases, shared by the dashboard and the admin API (and through it the CLI):
/// retry and replay deliveries, archive dead letters and put them back, find the deliveries of a failure group, and search attests.</summary>
public sealed class SupportDesk(ISupportQueries queries, IOperatorActions actions, DispatchSignal signal, TimeProvider time)
{
    /// <summary>The longest archive reason kept (a sentence or two, not a document).</summary>
    public const int MaxReasonLength = 500;

    private static readonly AuditEntry Unarchived = new("DeliveryUnarchived", "terug bij de dode brieven gezet");

    /// <summary>Sends deliveries again now: a retry-scheduled one keeps its attempts, a dead letter gets a fresh
    /// retry budget, any other is skipped. Audited under the requester; wakes the dispatcher.</summary>
    public async Task<MoveResult> RequeueAsync(IReadOnlyCollection<long> deliveryIds, Requester requester, CancellationToken ct)
    {
        var result = await actions.MoveAsync(deliveryIds, DecideRequeue, requester.Actor, time.GetUtcNow(), ct);
        if (result.Moved > 0)
        {
            signal.Wake();
        }

        return result;
    }

    /// <summary>Puts dead letters aside (ServicePulse's archive): off the failure lists and the alerts, with the person's reason
    /// in the audit trail. Anything not dead-lettered is skipped.</summary>
    /// <exception cref="ArgumentException">No reason given: an archived dead letter must say why nobody resends it.</exception>
    public Task<MoveResult> ArchiveAsync(IReadOnlyCollection<long> deliveryIds, string reason, Requester requester, CancellationToken ct) =>
        actions.MoveAsync(deliveryIds, DecideArchive(reason), requester.Actor, time.GetUtcNow(), ct);

    /// <summary>Puts archived dead letters back among the dead letters; anything not archived is skipped.</summary>
    public Task<MoveResult> UnarchiveAsync(IReadOnlyCollection<long> deliveryIds, Requester requester, CancellationToken ct) =>
        actions.MoveAsync(deliveryIds, DecideUnarchive, requester.Actor, time.GetUtcNow(), ct);

    /// <summary>The dead letters, of one destination (its kind or its full id) or of all.</summary>
    public async Task<IReadOnlyList<long>> DeadLettersAsync(string? destination, CancellationToken ct) =>
        (await queries.GetFailureGroupsAsync(ct))
            .Where(g => g.State == DeliveryState.DeadLettered && (destination is null || g.Destination == destination))
            .SelectMany(g => g.DeliveryIds)
            .ToArray();

    /// <summary>The deliveries of one failure group (destination, state and reason as the failures page shows them).</summary>
    public async Task<IReadOnlyList<long>> FailureGroupAsync(string destination, string state, string reason, CancellationToken ct) =>
        (await queries.GetFailureGroupsAsync(ct))
            .Where(g => g.Destination == destination && g.State.ToString() == state && g.Reason == reason)
            .SelectMany(g => g.DeliveryIds)
            .ToArray();

    /// <summary>Attests by a search term: an attest id, an INSZ (printed forms allowed) or a KBO number; null when it is none of those.</summary>
    public async Task<IReadOnlyList<AttestSummary>?> SearchAsync(string query, CancellationToken ct)
    {
        var q = query.Trim();
        if (Guid.TryParse(q, out var id))
        {
            return await queries.SearchAttestsAsync(id, null, null, ct);
        }

        if (Insz.TryParse(q, out var insz, out _))
        {
            return await queries.SearchAttestsAsync(null, insz.Value, null, ct);
        }

        return KboNumber.TryParse(q, out var kbo, out _) ? await queries.SearchAttestsAsync(null, null, kbo.Value, ct) : null;
    }

    /// <summary>A delivery state by name (any case); an empty text is "no filter". False for an unknown name.</summary>
    public static bool TryState(string? text, out DeliveryState? state)
    {
        state = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (Enum.TryParse<DeliveryState>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            state = parsed;
            return true;
        }

        return false;
    }

    /// <summary>Whether and how a delivery is offered again: the state machine's Replayed move; a dead letter starts a fresh budget.</summary>
    public static OperatorMove? DecideRequeue(DeliveryTarget target)
    {
        if (!DeliveryStateMachine.TryApply(target.State, DeliveryEvent.Replayed, out var to))
        {
            return null;
        }

        return target.State is DeliveryState.DeadLettered or DeliveryState.Archived
            ? new OperatorMove(to, FreshBudget: true, new AuditEntry("DeliveryReplayed", "dode brief opnieuw aangeboden, nieuw pogingenbudget"))
            : new OperatorMove(to, FreshBudget: false, new AuditEntry("DeliveryRetried", "nu opnieuw proberen"));
    }

    /// <summary>The archive move of a dead letter, its reason (trimmed, at most <see cref="MaxReasonLength"/>) in the audit event.</summary>
    /// <exception cref="ArgumentException">The reason is empty.</exception>
    public static Func<DeliveryTarget, OperatorMove?> DecideArchive(string reason)
    {
        var why = reason.Trim();
        if (why.Length == 0)
        {
            throw new ArgumentException("an archive needs a reason", nameof(reason));
        }

        var audit = new AuditEntry("DeliveryArchived", why.Length > MaxReasonLength ? why[..MaxReasonLength] : why);
        return target => Move(target, DeliveryEvent.Archived, audit);
    }

    /// <summary>The move of an archived dead letter back among the dead letters.</summary>
    public static OperatorMove? DecideUnarchive(DeliveryTarget target) => Move(target, DeliveryEvent.Unarchived, Unarchived);

    private static OperatorMove? Move(DeliveryTarget target, DeliveryEvent @event, AuditEntry audit) =>
        DeliveryStateMachine.TryApply(target.State, @event, out var to) ? new OperatorMove(to, FreshBudget: false, audit) : null;
}
