using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Storage.Contract;

/// <summary>Intake's writes and the attest as its owner sees it. The application decides what to write
/// (routing plan, audit text, whether a change is a new version); the store checks what only the database
/// can (idempotency, overlap) and writes it all in one transaction: the transactional outbox.</summary>
public interface IAttestStore
{
    /// <summary>Accepts a new attest: attest, version 1, one delivery per planned message and the audit event
    /// in ONE transaction. Same id + same content answers as before; same id + other content is a conflict, and
    /// so is whatever the submission's concurrency rule refuses about the person's other attests.</summary>
    Task<WriteResult> SubmitAsync(AttestSubmission submission, CancellationToken ct);

    /// <summary>Loads the attest under the writer's lock, asks <paramref name="decide"/> what the change
    /// means for it, and writes the new version and its messages (or nothing) in the same transaction.</summary>
    Task<WriteResult> ChangeAsync(Guid attestId, Func<AttestSnapshot, ChangeDecision> decide, CancellationToken ct);

    /// <summary>The attest with its deliveries and history, or null.</summary>
    Task<AttestView?> GetAttestAsync(Guid attestId, CancellationToken ct);

    /// <summary>The attests that changed after <see cref="ChangeQuery.After"/> (an audit sequence), in the order of their latest change,
    /// each once with its status now; only changes at or before <see cref="ChangeQuery.Horizon"/>, so a write still in flight is not
    /// stepped over.</summary>
    Task<ChangePage> ReadChangesAsync(ChangeQuery query, CancellationToken ct);
}

/// <summary>A new attest with what the application decided for it, the warnings it was accepted with, and the
/// rule that says whether it may run beside the person's other attests (checked inside the store's transaction).</summary>
public sealed record AttestSubmission(Attest Attest, RoutingPlan Plan, string AuditDetail, string Actor, DateTimeOffset At, IReadOnlyList<AttestWarning> Warnings, ConcurrencyCheck Admit)
{
    /// <summary>The last day the activity can run (its end, or the day before the participant's legal pension), kept as the
    /// attest's end: renewals, overlaps and retention count from it. Decided by the domain (<c>RoutingTable.LastDayOf</c>).</summary>
    public required DateOnly LastDay { get; init; }
}

/// <summary>Whether <paramref name="candidate"/> may run beside <paramref name="others"/>: the same person's active attests
/// that touch the same calendar years, as the store reads them under its writer's lock. Null: it may.</summary>
public delegate AttestConflict? ConcurrencyCheck(Attest candidate, IReadOnlyList<Attest> others);

/// <summary>What is at risk although a version was accepted (a late start, an allowance that counts as pay), kept with the version.</summary>
public sealed record AttestWarning(string Path, string Code, string MessageNl, string MessageEn);

/// <summary>An attest as it stands inside a change's transaction.</summary>
public sealed record AttestSnapshot(Guid AttestId, int CurrentVersion, bool Cancelled, Attest Content, string CurrentHash, IReadOnlyList<DeliveryFact> Deliveries);

/// <summary>What a change does: answer without writing, or write a new version with its messages.</summary>
public abstract record ChangeDecision
{
    private ChangeDecision()
    {
    }

    /// <summary>Nothing is written; this is the answer (already applied, or refused).</summary>
    public sealed record Answer(WriteResult Result) : ChangeDecision;

    /// <summary>Write <paramref name="Version"/> with the messages of <paramref name="Plan"/>; the store first asks
    /// <paramref name="Admit"/> about the person's other attests (not for a cancellation).</summary>
    public sealed record NewVersion(AttestVersion Version, string ContentHash, RoutingPlan Plan, string AuditDetail, string Actor, IReadOnlyList<AttestWarning> Warnings, ConcurrencyCheck Admit) : ChangeDecision
    {
        /// <summary>The last day the new version's activity can run, as <see cref="AttestSubmission.LastDay"/>.</summary>
        public required DateOnly LastDay { get; init; }
    }
}

/// <summary>The answer to a submit or change.</summary>
public sealed record WriteResult(WriteOutcome Outcome, Guid AttestId, int Version, AttestStatus Status, string? Conflict = null, Guid? ConflictingAttestId = null);

/// <summary>What a submit or change did.</summary>
public enum WriteOutcome
{
    /// <summary>Stored now.</summary>
    Accepted,

    /// <summary>The same content was already stored: the earlier answer is repeated.</summary>
    AlreadyAccepted,

    /// <summary>Refused: same id with other content, an overlapping attest, or a cancelled attest.</summary>
    Conflict,

    /// <summary>No such attest (change only).</summary>
    NotFound,
}

/// <summary>An attest as support staff and the initiative see it, with the warnings of its current version.</summary>
public sealed record AttestView(
    Guid AttestId,
    int Version,
    AttestStatus Status,
    Attest Content,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<DeliveryView> Deliveries,
    IReadOnlyList<AuditEventView> History,
    IReadOnlyList<AttestWarning> Warnings);

/// <summary>One delivery of an attest.</summary>
public sealed record DeliveryView(
    long DeliveryId,
    Guid MessageId,
    string Destination,
    int Version,
    MessageKind Kind,
    DeliveryState State,
    int Attempts,
    DateTimeOffset DueAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? AnswerDueAt,
    DateTimeOffset? DecidedAt,
    string? Reference,
    string? ReasonCode,
    string? LastError)
{
    /// <summary>When the hub last asked the agency for its decision (reconciliation), and what the agency said.</summary>
    public DateTimeOffset? AskedAt { get; init; }

    public string? AskedAnswer { get; init; }
}

/// <summary>One audit event (append-only).</summary>
public sealed record AuditEventView(long Sequence, DateTimeOffset At, string Kind, string? Destination, string Detail, string Actor);

/// <summary>What a change-feed page asks for: whose attests (null: all), after which position, since when, up to when, how many.</summary>
public sealed record ChangeQuery(string? InitiativeKbo, long After, DateTimeOffset? Since, DateTimeOffset Horizon, int Limit);

/// <summary>One page of the change feed: the attests in order of their latest change; <paramref name="Next"/> is the position to go on
/// from (now, or later to poll), <paramref name="More"/> whether more changes were waiting up to the horizon.</summary>
public sealed record ChangePage(IReadOnlyList<AttestChangeEntry> Items, long Next, bool More);

/// <summary>An attest as the change feed shows it.</summary>
public sealed record AttestChangeEntry(Guid AttestId, int Version, AttestStatus Status, DateTimeOffset ChangedAt, long Position);
