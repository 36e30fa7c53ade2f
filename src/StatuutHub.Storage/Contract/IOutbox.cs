using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Storage.Contract;

/// <summary>The dispatcher's side of the outbox: claim what is due, record each attempt, mark late answers.</summary>
public interface IOutbox
{
    /// <summary>Claims up to <paramref name="max"/> due deliveries for this process until
    /// <paramref name="leaseUntil"/>. A delivery is due when it awaits sending, its due time has
    /// come, nobody holds a live lease on it, and no earlier version for the same destination
    /// is still unsent (a cancel never overtakes its create).</summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct);

    /// <summary>Records one attempt and moves the delivery, if it is still in <see cref="AttemptRecord.From"/>
    /// and leased by <paramref name="owner"/>. When the agency's decision arrived while the attempt still waited for its
    /// answer, the attempt is recorded and the decision stands (<see cref="AttemptCompletion.AfterDecision"/>).</summary>
    Task<AttemptCompletion> CompleteAttemptAsync(string owner, AttemptRecord attempt, CancellationToken ct);

    /// <summary>Moves Sent deliveries whose answer time has passed to Overdue (the state machine's
    /// AnswerTimeExpired), auditing each with <paramref name="audit"/>; returns how many.</summary>
    Task<int> MarkOverdueAsync(DateTimeOffset now, AuditEntry audit, CancellationToken ct);
}

/// <summary>What became of an attempt's result.</summary>
public enum AttemptCompletion
{
    /// <summary>Recorded, and the delivery moved as the attempt said.</summary>
    Applied,

    /// <summary>The agency decided before its answer to the sending reached the hub (a fast agency, a slow network): the
    /// attempt is recorded in the history and the decision's state stands.</summary>
    AfterDecision,

    /// <summary>Not recorded: the delivery is not this process's to move any more (its lease ran out and another process took it
    /// over, which records its own attempt) and no decision settled it.</summary>
    Superseded,
}

/// <summary>A delivery handed to this process to send; <see cref="AwaitedReference"/> is the reference of the approval a
/// chained delivery waited for (the regional permission the RVA message carries).</summary>
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
    string? TraceParent = null,
    string? AwaitedReference = null,
    DateOnly? EndsOn = null);

/// <summary>One attempt's result and the delivery's next state, decided by the dispatcher with the state machine.</summary>
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
    bool CountsAsAttempt = true)
{
    /// <summary>What the agency answered, as text (status line, headers, body), when it answered over HTTP.</summary>
    public string? Answer { get; init; }

    /// <summary>The audit line of this attempt.</summary>
    public string AuditDetail => Error is null ? $"{From} → {To} ({Outcome})" : $"{From} → {To} ({Outcome}): {Error}";
}

/// <summary>An audit event's kind and its text, as the application words it.</summary>
public sealed record AuditEntry(string Kind, string Detail);
