using StatuutHub.Application.Reconciliation;
using StatuutHub.Application.Support;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Admin;

/// <summary>Counts per delivery state and per body, the circuits' states, and the last day hour by hour.</summary>
public sealed record OverviewAnswer(
    IReadOnlyDictionary<string, int> ByState,
    IReadOnlyList<OverviewDestination> ByDestination,
    double? OldestPendingSeconds,
    IReadOnlyDictionary<string, string> Circuits,
    IReadOnlyList<OverviewHour> LastDay)
{
    public static OverviewAnswer From(HubOverview overview, IReadOnlyDictionary<string, Polly.CircuitBreaker.CircuitState> circuits) => new(
        overview.ByState.ToDictionary(s => s.Key.ToString(), s => s.Value),
        [.. overview.ByDestination.Select(d => new OverviewDestination(d.Destination, d.State.ToString(), d.Count))],
        overview.OldestPendingAge?.TotalSeconds,
        circuits.ToDictionary(c => c.Key, c => c.Value.ToString()),
        [.. overview.LastDay.Select(h => new OverviewHour(h.Hour, h.Submitted, h.Recognised, h.MedianTimeToRecognition?.TotalSeconds))]);
}

/// <summary>Deliveries to one body in one state.</summary>
public sealed record OverviewDestination(string Destination, string State, int Count);

/// <summary>One hour of the last day.</summary>
public sealed record OverviewHour(DateTimeOffset Hour, int Submitted, int Recognised, double? MedianSecondsToRecognition);

/// <summary>A page of deliveries, newest first, with the cursors to the older (<see cref="NextBefore"/>) and newer page.</summary>
public sealed record DeliveriesPage(IReadOnlyList<DeliveryListItem> Items, long? NextBefore, long? PreviousAfter, long Total, bool TotalIsAtLeast)
{
    public static DeliveriesPage From(DeliveryPage page) => new(
        [.. page.Items.Select(d => new DeliveryListItem(d.DeliveryId, d.AttestId, d.InitiativeKbo, d.Destination, d.Version, d.Kind.ToString(), d.State.ToString(),
            d.Attempts, d.CreatedAt, d.DueAt, d.ReasonCode, d.LastError))],
        page.NextBefore, page.PreviousAfter, page.Total, page.TotalIsAtLeast);
}

/// <summary>A delivery as a list row.</summary>
public sealed record DeliveryListItem(
    long DeliveryId, Guid AttestId, string Initiative, string Destination, int Version, string Message, string State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset DueAt, string? ReasonCode, string? LastError);

/// <summary>Failed deliveries with the same body, state and reason.</summary>
public sealed record FailureGroupAnswer(string Destination, string State, string Reason, int Count, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<long> DeliveryIds)
{
    public static FailureGroupAnswer From(FailureGroup g) => new(g.Destination, g.State.ToString(), g.Reason, g.Count, g.FirstSeen, g.LastSeen, g.DeliveryIds);
}

/// <summary>Deliveries put back in the queue, and those skipped (not in a state that can be retried).</summary>
public sealed record RequeuedAnswer(int Requeued, int Skipped);

/// <summary>Dead letters archived, and those skipped.</summary>
public sealed record ArchivedAnswer(int Archived, int Skipped);

/// <summary>Archived dead letters put back, and those skipped.</summary>
public sealed record UnarchivedAnswer(int Unarchived, int Skipped);

/// <summary>What the body answered when asked for its decision, the outcome applied (if any) and whether the message was sent again.</summary>
public sealed record AskStatusAnswer(long DeliveryId, string Answer, string? Outcome, bool Resent)
{
    public static AskStatusAnswer From(ReconcileResult asked) => new(asked.DeliveryId, asked.Answer, asked.Outcome?.ToString(), asked.Resent);
}

/// <summary>The backup file made, its size and when.</summary>
public sealed record BackupAnswer(string File, long Bytes, DateTimeOffset At)
{
    public static BackupAnswer From(BackupMade made) => new(made.File, made.Bytes, made.At);
}

/// <summary>An attest cancelled by an operator: its new version and status.</summary>
public sealed record AdminCancelAnswer(Guid AttestId, int Version, string Status);

/// <summary>Whether the audit trail's hash chains hold, over how many events, and the first broken one.</summary>
public sealed record AuditVerifyAnswer(bool Intact, long Events, long? FirstBrokenSequence, string? Reason)
{
    public static AuditVerifyAnswer From(AuditVerification result) => new(result.Intact, result.Events, result.FirstBrokenSequence, result.Reason);
}

/// <summary>Whether the store still holds a kept checkpoint: its signature, the chains checked and the first changed head.</summary>
public sealed record CheckpointVerifyAnswer(bool Intact, bool SignatureValid, int ChainsChecked, ChainHead? FirstChanged, string? Reason)
{
    public static CheckpointVerifyAnswer From(CheckpointVerification result) => new(result.Intact, result.SignatureValid, result.ChainsChecked, result.FirstChanged, result.Reason);
}

/// <summary>An attest found by a search; the INSZ masked.</summary>
public sealed record SearchHit(Guid AttestId, string Initiative, string Insz, DateOnly Start, DateOnly? End, int Version, bool Cancelled, DateTimeOffset SubmittedAt)
{
    public static SearchHit From(AttestSummary a) => new(a.AttestId, a.InitiativeKbo, a.InszMasked, a.Start, a.End, a.Version, a.Cancelled, a.SubmittedAt);
}

/// <summary>An attest refused for a clash with another initiative's attest: who tried, which attest, the other attest (open it with
/// <c>/api/v1/admin/attests/{otherAttestId}</c>), the real reason the initiative was not told, and when.</summary>
public sealed record CrossConflictAnswer(string Initiative, Guid AttestId, Guid OtherAttestId, string Code, DateTimeOffset At)
{
    public static CrossConflictAnswer From(CrossConflict c) => new(c.InitiativeKbo, c.AttestId, c.OtherAttestId, c.Code, c.At);
}
