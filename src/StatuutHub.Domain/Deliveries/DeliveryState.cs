namespace StatuutHub.Domain.Deliveries;

/// <summary>Where one message to one destination stands.</summary>
public enum DeliveryState
{
    /// <summary>Written with the attest (outbox), not yet attempted.</summary>
    Pending,

    /// <summary>The destination gave its receipt (technical ack); its decision is awaited.</summary>
    Sent,

    /// <summary>The destination accepted (business ack: approved, or a synchronous declaration id).</summary>
    Acknowledged,

    /// <summary>The destination refused, with a reason code.</summary>
    Rejected,

    /// <summary>An attempt failed; the next one is due at a set time.</summary>
    RetryScheduled,

    /// <summary>The retry budget is spent or the failure is permanent; waits for an operator to replay.</summary>
    DeadLettered,

    /// <summary>Sent, but the destination's agreed answer time has passed without a decision.</summary>
    Overdue,

    /// <summary>Not to be sent yet: it waits for another body's decision on the same attest (the RVA waits for the
    /// regional employment service's permission, whose reference it carries).</summary>
    Waiting,

    /// <summary>Never sent, and never will be: the body it waited for refused, or a newer version or a cancel
    /// replaced it before it could go.</summary>
    Stopped,

    /// <summary>A dead letter a person dealt with another way and put aside, with a reason: off the failure lists and the
    /// alerts, still found, and it can be put back among the dead letters or replayed.</summary>
    Archived,
}

/// <summary>What happened to a delivery; the state machine decides the next state.</summary>
public enum DeliveryEvent
{
    /// <summary>The destination gave a receipt; a decision follows later.</summary>
    Receipted,

    /// <summary>The destination approved (or answered synchronously with acceptance).</summary>
    Approved,

    /// <summary>The destination refused.</summary>
    Refused,

    /// <summary>An attempt failed and the budget allows another.</summary>
    AttemptFailed,

    /// <summary>An attempt failed for good (budget spent, or a permanent error).</summary>
    GaveUp,

    /// <summary>The agreed answer time passed.</summary>
    AnswerTimeExpired,

    /// <summary>An operator replays a dead letter or retries a failed one.</summary>
    Replayed,

    /// <summary>The body a waiting delivery depends on approved: it may go now.</summary>
    PrerequisiteApproved,

    /// <summary>The body a waiting delivery depends on refused.</summary>
    PrerequisiteFailed,

    /// <summary>Asked for its decision, the agency says it never received the message (lost on its side): send it again,
    /// with the same message id.</summary>
    NotReceived,

    /// <summary>A message not sent yet is no longer needed: a waiting one that a newer version or a cancel replaced, or a
    /// planned renewal (the attest was cancelled, ends before it, or a newer approval planned another).</summary>
    Withdrawn,

    /// <summary>An operator puts a dead letter aside (dismisses it), with a reason.</summary>
    Archived,

    /// <summary>An operator puts an archived dead letter back among the dead letters.</summary>
    Unarchived,
}

/// <summary>The delivery state machine: the only way to move a delivery. Illegal moves throw.</summary>
public static class DeliveryStateMachine
{
    /// <summary>The state after <paramref name="event"/>, or false when the move is not allowed from <paramref name="from"/>.</summary>
    public static bool TryApply(DeliveryState from, DeliveryEvent @event, out DeliveryState to)
    {
        to = (from, @event) switch
        {
            (DeliveryState.Pending or DeliveryState.RetryScheduled, DeliveryEvent.Receipted) => DeliveryState.Sent,
            (DeliveryState.Pending or DeliveryState.RetryScheduled or DeliveryState.Sent or DeliveryState.Overdue, DeliveryEvent.Approved) => DeliveryState.Acknowledged,
            (DeliveryState.Pending or DeliveryState.RetryScheduled or DeliveryState.Sent or DeliveryState.Overdue, DeliveryEvent.Refused) => DeliveryState.Rejected,
            (DeliveryState.Pending or DeliveryState.RetryScheduled, DeliveryEvent.AttemptFailed) => DeliveryState.RetryScheduled,
            (DeliveryState.Pending or DeliveryState.RetryScheduled, DeliveryEvent.GaveUp) => DeliveryState.DeadLettered,
            (DeliveryState.Sent, DeliveryEvent.AnswerTimeExpired) => DeliveryState.Overdue,
            (DeliveryState.Sent or DeliveryState.Overdue, DeliveryEvent.NotReceived) => DeliveryState.Pending,
            (DeliveryState.DeadLettered or DeliveryState.RetryScheduled or DeliveryState.Archived, DeliveryEvent.Replayed) => DeliveryState.Pending,
            (DeliveryState.DeadLettered, DeliveryEvent.Archived) => DeliveryState.Archived,
            (DeliveryState.Archived, DeliveryEvent.Unarchived) => DeliveryState.DeadLettered,
            (DeliveryState.Waiting, DeliveryEvent.PrerequisiteApproved) => DeliveryState.Pending,
            (DeliveryState.Waiting, DeliveryEvent.PrerequisiteFailed) => DeliveryState.Stopped,
            (DeliveryState.Pending or DeliveryState.Waiting, DeliveryEvent.Withdrawn) => DeliveryState.Stopped,
            _ => (DeliveryState)(-1),
        };
        return to >= 0;
    }

    /// <summary>The state after <paramref name="event"/>; throws <see cref="InvalidOperationException"/> for an illegal move.</summary>
    public static DeliveryState Apply(DeliveryState from, DeliveryEvent @event) =>
        TryApply(from, @event, out var to)
            ? to
            : throw new InvalidOperationException($"A delivery in state {from} cannot take event {@event}.");

    /// <summary>True when no event can move the delivery any more.</summary>
    public static bool IsFinal(DeliveryState state) => state is DeliveryState.Acknowledged or DeliveryState.Rejected or DeliveryState.Stopped;

    /// <summary>True when the body decided: approved or refused.</summary>
    public static bool IsDecided(DeliveryState state) => state is DeliveryState.Acknowledged or DeliveryState.Rejected;

    /// <summary>True when an attempt with this result reached the body: its receipt or its decision came back.</summary>
    public static bool ReachedBody(DeliveryState attemptResult) => attemptResult == DeliveryState.Sent || IsDecided(attemptResult);

    /// <summary>True when the body has the message and its decision is still awaited (the reconciler may ask for it).</summary>
    public static bool AwaitsDecision(DeliveryState state) => state is DeliveryState.Sent or DeliveryState.Overdue;

    /// <summary>True when sending failed and the message has not reached the body: retried later, or waiting for an operator.</summary>
    public static bool IsFailing(DeliveryState state) => state is DeliveryState.RetryScheduled or DeliveryState.DeadLettered;

    /// <summary>True when a renewal in this state did not renew the permission and will not by itself: refused, given up, or
    /// unanswered past its time. Support must act before the permission ends.</summary>
    public static bool IsMissedRenewal(DeliveryState state) => state is DeliveryState.Rejected or DeliveryState.DeadLettered or DeliveryState.Overdue;

    /// <summary>True when the dispatcher still has to send it (now or at its due time).</summary>
    public static bool AwaitsSending(DeliveryState state) => state is DeliveryState.Pending or DeliveryState.RetryScheduled;
}
