using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Storage.Contract;

/// <summary>The hub's store: the operations of the flow, not generic CRUD. SQLite is the embedded
/// default; PostgreSQL implements the same contract for scale-out. Every write that changes an
/// attest or a delivery also appends its audit event in the same transaction.</summary>
public interface IHubStore
{
    /// <summary>True when several hub processes share this store (then leases, not a restart, free a dead process's claims).</summary>
    bool IsSharedAcrossProcesses { get; }

    /// <summary>Creates or migrates the schema. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>True when the store answers a trivial query.</summary>
    Task<bool> IsReadyAsync(CancellationToken ct);

    /// <summary>Accepts a new attest: attest, version 1, one delivery per planned message and the
    /// audit event in ONE transaction (the outbox). Same id + same content answers as before;
    /// same id + other content, or an overlapping active attest for the same INSZ, is a conflict.</summary>
    Task<WriteResult> SubmitAsync(Attest attest, string actor, DateTimeOffset at, CancellationToken ct);

    /// <summary>Adds a version (amend, end early or cancel) and the messages it causes to every
    /// destination that already has the attest, in one transaction.</summary>
    Task<WriteResult> ChangeAsync(Guid attestId, AttestChange change, Attest? content, string actor, DateTimeOffset at, CancellationToken ct);

    /// <summary>The attest with its deliveries and history, or null.</summary>
    Task<AttestView?> GetAttestAsync(Guid attestId, CancellationToken ct);

    /// <summary>Claims up to <paramref name="max"/> due deliveries for this process until
    /// <paramref name="leaseUntil"/>. A delivery is due when it awaits sending, its due time has
    /// come, nobody holds a live lease on it, and no earlier version for the same destination
    /// is still unsent (a cancel never overtakes its create).</summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct);

    /// <summary>Records one attempt and moves the delivery, if it is still in <see cref="AttemptRecord.From"/>
    /// and leased by <paramref name="owner"/>; returns false when something else moved it first.</summary>
    Task<bool> CompleteAttemptAsync(string owner, AttemptRecord attempt, CancellationToken ct);

    /// <summary>Applies an agency's decision to the delivery with that message id.</summary>
    Task<AckOutcome> ApplyAckAsync(AgencyAck ack, CancellationToken ct);

    /// <summary>Marks Sent deliveries whose answer time has passed as Overdue; returns how many.</summary>
    Task<int> MarkOverdueAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>Drops every lease. Only for a store that is not shared across processes, at start-up: whoever held them is gone.</summary>
    Task ReleaseAllLeasesAsync(CancellationToken ct);

    /// <summary>Counts per delivery state, for health, metrics and tests.</summary>
    Task<IReadOnlyDictionary<DeliveryState, int>> CountDeliveriesAsync(CancellationToken ct);

    /// <summary>Counts per state and destination, the oldest waiting delivery and the last day per hour.</summary>
    Task<HubOverview> GetOverviewAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>One page of deliveries matching the query, newest first.</summary>
    Task<DeliveryPage> ListDeliveriesAsync(DeliveryQuery query, CancellationToken ct);

    /// <summary>Failed deliveries grouped by destination, state and reason.</summary>
    Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken ct);

    /// <summary>An operator sends deliveries again now: a retry-scheduled one keeps its attempts, a dead
    /// letter gets a fresh retry budget. Others are skipped. Audited with <paramref name="actor"/>.</summary>
    Task<RequeueResult> RequeueAsync(IReadOnlyCollection<long> deliveryIds, string actor, DateTimeOffset at, CancellationToken ct);

    /// <summary>Walks every audit chain (one per delivery, one per attest for its own events) and reports the first event whose link or content does not match.</summary>
    Task<AuditVerification> VerifyAuditAsync(CancellationToken ct);

    /// <summary>Attests by id, by the participant's INSZ (exact, digits) or by the initiative's KBO number.</summary>
    Task<IReadOnlyList<AttestSummary>> SearchAttestsAsync(Guid? attestId, string? insz, string? initiativeKbo, CancellationToken ct);
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

/// <summary>A delivery handed to this process to send.</summary>
public sealed record ClaimedDelivery(
    long DeliveryId,
    Guid MessageId,
    Guid AttestId,
    int Version,
    Destination Destination,
    MessageKind Kind,
    DeliveryState State,
    int Attempts,
    Attest Content,
    string? TraceParent = null);

/// <summary>One attempt's result and the delivery's next state.</summary>
public sealed record AttemptRecord(
    long DeliveryId,
    DeliveryState From,
    DeliveryState To,
    int Attempts,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string Outcome,
    string? Error,
    DateTimeOffset? NextDueAt,
    DateTimeOffset? AnswerDueAt,
    string? Reference,
    string? ReasonCode,
    bool CountsAsAttempt = true);

/// <summary>An agency's decision about one message.</summary>
public sealed record AgencyAck(DestinationKind Agency, Guid MessageId, bool Approved, string? ReasonCode, string? Reason, string? Reference, DateTimeOffset At);

/// <summary>What an ack did.</summary>
public enum AckOutcome
{
    /// <summary>The delivery moved to Acknowledged or Rejected.</summary>
    Applied,

    /// <summary>The same decision was already recorded; nothing changed.</summary>
    Duplicate,

    /// <summary>No delivery has this message id.</summary>
    UnknownMessage,

    /// <summary>The message belongs to another agency.</summary>
    WrongAgency,

    /// <summary>A different decision was already recorded, or the delivery cannot take a decision now.</summary>
    Conflict,
}

/// <summary>An attest as support staff and the initiative see it.</summary>
public sealed record AttestView(
    Guid AttestId,
    int Version,
    AttestStatus Status,
    Attest Content,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<DeliveryView> Deliveries,
    IReadOnlyList<AuditEventView> History);

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
    string? LastError);

/// <summary>One audit event (append-only).</summary>
public sealed record AuditEventView(long Sequence, DateTimeOffset At, string Kind, string? Destination, string Detail, string Actor);
