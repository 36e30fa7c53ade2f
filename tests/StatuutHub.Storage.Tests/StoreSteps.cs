using StatuutHub.Application.Acks;
using StatuutHub.Application.Intake;
using StatuutHub.Application.Support;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Storage.Tests;

/// <summary>The store driven as the application drives it: each step passes the application's own pure
/// decision (routing plan, change, decision, requeue), so these tests read as the flow and exercise the
/// same decisions the hub makes.</summary>
public static class StoreSteps
{
    public static readonly AuditEntry Overdue = new("DeliveryOverdue", "de afgesproken antwoordtermijn is verstreken");

    /// <summary>The hub's own rule for one person's attests at the same time, over the shipped rule tables.</summary>
    public static readonly ConcurrencyCheck Admit = AttestChanges.ConcurrencyRule(RuleTablesJson.LoadDefault());

    /// <summary>The shipped routing rules.</summary>
    public static readonly RoutingTable Routing = RuleTablesJson.LoadDefault().Routing;

    public static Task<WriteResult> SubmitAsync(this IHubStore store, Attest attest, string actor, DateTimeOffset at, CancellationToken ct) =>
        store.SubmitAsync(AttestChanges.Submission(attest, Routing, actor, at, [], Admit), ct);

    public static Task<WriteResult> ChangeAsync(this IHubStore store, Guid attestId, AttestChange change, Attest? content, string actor, DateTimeOffset at, CancellationToken ct) =>
        store.ChangeAsync(attestId, current => AttestChanges.Decide(current, change, content, Routing, actor, at, [], Admit), ct);

    public static Task<AckOutcome> ApplyAckAsync(this IHubStore store, AgencyAck ack, CancellationToken ct) =>
        store.ApplyDecisionAsync(ack, target => AgencyDecisions.Decide(ack, target, Routing), ct);

    public static Task<int> MarkOverdueAsync(this IHubStore store, DateTimeOffset now, CancellationToken ct) =>
        store.MarkOverdueAsync(now, Overdue, ct);

    public static Task<MoveResult> RequeueAsync(this IHubStore store, IReadOnlyCollection<long> deliveryIds, string actor, DateTimeOffset at, CancellationToken ct) =>
        store.MoveAsync(deliveryIds, SupportDesk.DecideRequeue, actor, at, ct);
}
