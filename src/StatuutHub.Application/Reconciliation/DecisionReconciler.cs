using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Acks;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Inbox;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Delivery.Telemetry;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Application.Reconciliation;

/// <summary>What one decision query found.</summary>
public sealed record ReconcileResult(long DeliveryId, string Answer, AckOutcome? Outcome, bool Resent);

/// <summary>The reconcile use case: asks an agency for its decision about a message it received and has not answered, and
/// applies an answer through the same use case as a callback (<see cref="AgencyDecisions"/>), so a callback and a query
/// answer for the same decision apply once and a conflicting one is recorded as a conflict. An agency that does not know
/// the message gets it again (same message id). Every answer is kept on the delivery and, when new, in its history.</summary>
public sealed class DecisionReconciler(
    IDecisionStore store,
    IOperatorActions actions,
    IEnumerable<IDestinationAdapter> adapters,
    AgencyDecisions decisions,
    IOptionsMonitor<DestinationOptions> destinations,
    IOptions<ReconciliationOptions> options,
    HubMetrics metrics,
    TimeProvider time,
    ILogger<DecisionReconciler> logger) : IDisposable
{
    private readonly ConcurrentDictionary<DestinationKind, RateLimiter> _limiters = new();

    /// <summary>One round: per kind of destination, the deliveries sent longer than its <c>ReconcileAfter</c> ago (at start-up:
    /// every outstanding one) that are due to be asked about. Returns how many were asked.</summary>
    public async Task<int> RunOnceAsync(bool everythingOutstanding, CancellationToken ct)
    {
        var asked = 0;
        var now = time.GetUtcNow();
        foreach (var kind in Enum.GetValues<DestinationKind>())
        {
            var after = destinations.Get(Destination.KindName(kind)).ReconcileAfter;
            var due = await store.ListOutstandingDecisionsAsync(kind, everythingOutstanding ? DateTimeOffset.MaxValue : now - after, now, options.Value.BatchSize, ct);
            foreach (var delivery in due)
            {
                await AskAsync(delivery, "reconciler", ct);
                asked++;
            }
        }

        return asked;
    }

    /// <summary>An operator's "vraag de status op": asks now about one delivery; null when it does not wait for a decision.</summary>
    public async Task<ReconcileResult?> AskNowAsync(long deliveryId, Requester requester, CancellationToken ct) =>
        await store.FindOutstandingDecisionAsync(deliveryId, ct) is { } delivery ? await AskAsync(delivery, requester.Actor, ct) : null;

    private async Task<ReconcileResult> AskAsync(OutstandingDecision delivery, string actor, CancellationToken ct)
    {
        var name = Destination.KindName(delivery.Kind);
        var settings = destinations.Get(name);
        using var lease = await Limiter(delivery.Kind, settings.ReconcilePerSecond).AcquireAsync(1, ct);
        var adapter = adapters.First(a => a.Kind == delivery.Kind);
        string answer;
        string kind; // for the metrics: decided, pending, unknown or failed ("changed" when the answer moved the delivery)
        AckOutcome? outcome = null;
        var resent = false;
        try
        {
            // An inbox office decides in the hub itself: there is nobody to ask, and no decision that could have been lost.
            var status = Destination.TryParse(delivery.Destination, out var destination) && InboxDestinationAdapter.IsOnInbox(settings, destination)
                ? DecisionStatus.Pending
                : await adapter.QueryDecisionAsync(delivery.MessageId, ct);
            switch (status)
            {
                case { Kind: DecisionStatusKind.Decided, Decision: { } d }:
                    outcome = await decisions.ApplyAsync(d.ToAck(delivery.Kind, time.GetUtcNow()), ct);
                    kind = d.Interim ? "pending" : "decided";
                    // The agency's reason code, not its free text: the answer is stored and logged, the text may quote the person.
                    answer = d.Interim
                        ? $"nog geen beslissing{(d.ReasonCode is null ? string.Empty : $" ({d.ReasonCode})")} / not decided yet"
                        : $"{(d.Approved ? "goedgekeurd / approved" : $"geweigerd / refused: {d.ReasonCode}")}{(d.Reference is null ? string.Empty : $" (ref {d.Reference})")} → {outcome}";
                    break;
                case { Kind: DecisionStatusKind.Unknown }:
                    // Lost on the agency's side: offer it again; the agency de-duplicates by message id if it was not lost after all.
                    resent = (await actions.MoveAsync([delivery.DeliveryId], t => DeliveryStateMachine.TryApply(t.State, DeliveryEvent.NotReceived, out var to)
                        ? new OperatorMove(to, FreshBudget: false, new AuditEntry("DeliveryResent", $"{t.Destination} kent het bericht niet: opnieuw verstuurd / the agency does not know the message: sent again"))
                        : null, actor, time.GetUtcNow(), ct)).Moved > 0;
                    answer = "bericht onbekend bij de instantie / message unknown to the agency";
                    kind = "unknown";
                    break;
                default:
                    answer = "nog geen beslissing / not decided yet";
                    kind = "pending";
                    break;
            }
        }
        catch (DeliveryFailedException ex)
        {
            answer = $"niet bereikbaar / could not ask: {PersonalText.Scrub(ex.Message)}";
            kind = "failed";
            logger.LogWarning("Decision query to {Destination} for delivery {DeliveryId} failed: {Reason}", delivery.Destination, delivery.DeliveryId, PersonalText.Scrub(ex.Message));
        }

        var now = time.GetUtcNow();
        var jitter = settings.ReconcileInterval * ((Random.Shared.NextDouble() * 0.2) - 0.1);
        // A message sent again is asked about like a new one (ReconcileAfter after its new sending), not after the interval.
        await store.RecordDecisionQueryAsync(delivery.DeliveryId, answer, actor, now, resent ? now : now + settings.ReconcileInterval + jitter, ct);
        metrics.Reconciled(name, outcome == AckOutcome.Applied || resent ? "changed" : kind);
        logger.LogInformation("Asked {Destination} about delivery {DeliveryId}: {Answer}", delivery.Destination, delivery.DeliveryId, answer);
        return new ReconcileResult(delivery.DeliveryId, answer, outcome, resent);
    }

    private RateLimiter Limiter(DestinationKind kind, int perSecond) => _limiters.GetOrAdd(kind, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = perSecond,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    }));

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
