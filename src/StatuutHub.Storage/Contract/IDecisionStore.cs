using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Storage.Contract;

/// <summary>Agencies' decisions: the store finds the delivery and locks it, the application decides what the
/// decision does to it, the store records both in one transaction.</summary>
public interface IDecisionStore
{
    /// <summary>Applies <paramref name="ack"/> to the delivery with its message id as <paramref name="decide"/> says;
    /// an unknown message id is recorded and answered <see cref="AckOutcome.UnknownMessage"/>.</summary>
    Task<AckOutcome> ApplyDecisionAsync(AgencyAck ack, Func<DeliveryTarget, DecisionEffect> decide, CancellationToken ct);

    /// <summary>Deliveries of one kind of destination that wait for a decision (Sent or Overdue), sent before
    /// <paramref name="sentBefore"/> and due to be asked about at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<OutstandingDecision>> ListOutstandingDecisionsAsync(DestinationKind kind, DateTimeOffset sentBefore, DateTimeOffset now, int limit, CancellationToken ct);

    /// <summary>The delivery with this id if it waits for a decision (an operator's "ask now").</summary>
    Task<OutstandingDecision?> FindOutstandingDecisionAsync(long deliveryId, CancellationToken ct);

    /// <summary>Records that the agency was asked and what it said; the history learns of it when the answer is new.</summary>
    Task RecordDecisionQueryAsync(long deliveryId, string answer, string actor, DateTimeOffset at, DateTimeOffset nextAskAt, CancellationToken ct);
}

/// <summary>A delivery waiting for its agency's decision.</summary>
public sealed record OutstandingDecision(long DeliveryId, Guid MessageId, string Destination, DestinationKind Kind);

/// <summary>A delivery as a decision or an operator's action finds it.</summary>
public sealed record DeliveryTarget(long DeliveryId, string Destination, DeliveryState State, MessageKind Kind = MessageKind.Create, int Version = 1, DateOnly? ActivityEnd = null)
{
    /// <summary>The attest's participant (null once purged), so what an agency writes about them is kept without them.</summary>
    public StatuutHub.Domain.Attests.Participant? Person { get; init; }

    /// <summary>The attest's current version (an amendment since makes it newer than <see cref="Version"/>).</summary>
    public int CurrentVersion { get; init; } = Version;

    /// <summary>True when the attest was cancelled.</summary>
    public bool AttestCancelled { get; init; }
}

/// <summary>What a decision does: its outcome and, when it moves the delivery, the new state and audit event; an
/// approval of a permission that expires while the activity runs plans its <see cref="Renewal"/>.</summary>
public sealed record DecisionEffect(AckOutcome Outcome, DeliveryState? To = null, AuditEntry? Audit = null, Renewal? Renewal = null);

/// <summary>An agency's decision about one message.</summary>
public sealed record AgencyAck(DestinationKind Agency, Guid MessageId, bool Approved, string? ReasonCode, string? Reason, string? Reference, DateTimeOffset At)
{
    /// <summary>An answer that decides nothing yet (Dimona: still waiting): recorded in the history, no state change.</summary>
    public bool Interim { get; init; }

    /// <summary>The permission's last day as the body gave it in its approval; null: the rules' default validity.</summary>
    public DateOnly? ValidUntil { get; init; }

    /// <summary>The attest version the person deciding read (the inbox): the decision stands only while that version is current and
    /// the attest not cancelled; otherwise it is <see cref="AckOutcome.Outdated"/>. Null: an agency's own decision, about its message.</summary>
    public int? SeenVersion { get; init; }

    /// <summary>Who decided, as the audit trail names them, when it is a person in the hub's inbox (<c>office:ocmw-44021:jan</c>);
    /// null: the agency itself (<c>agency:ocmw</c>).</summary>
    public string? DecidedBy { get; init; }
}

/// <summary>What an ack did.</summary>
public enum AckOutcome
{
    /// <summary>The delivery moved to Acknowledged or Rejected.</summary>
    Applied,

    /// <summary>An interim answer was recorded in the delivery's history; its state did not change.</summary>
    Noted,

    /// <summary>The same decision was already recorded; nothing changed.</summary>
    Duplicate,

    /// <summary>No delivery has this message id.</summary>
    UnknownMessage,

    /// <summary>The message belongs to another agency.</summary>
    WrongAgency,

    /// <summary>A different decision was already recorded, or the delivery cannot take a decision now.</summary>
    Conflict,

    /// <summary>The attest was amended or cancelled after the person deciding read it (<see cref="AgencyAck.SeenVersion"/>).</summary>
    Outdated,
}
