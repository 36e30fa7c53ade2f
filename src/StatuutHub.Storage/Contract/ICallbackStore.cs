using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Storage.Contract;

/// <summary>Callbacks to initiatives: their subscriptions, and the events the hub owes them as an outbox of its own. Events are
/// collected from the audit trail, which every state change appends to in its own transaction, so nothing that changed is missed
/// and nothing is written twice (one row per subscription, audit position and event type).</summary>
public interface ICallbackStore
{
    /// <summary>Registers or replaces an initiative's callback; a new one receives the changes from now on, a replaced one keeps
    /// its position (nothing owed is lost or sent twice).</summary>
    Task SetCallbackAsync(CallbackSubscription subscription, CancellationToken ct);

    /// <summary>Removes an initiative's callback and the events still owed to it; false when it had none.</summary>
    Task<bool> RemoveCallbackAsync(string initiativeKbo, CancellationToken ct);

    /// <summary>Every registered callback with its events per state (without the secret).</summary>
    Task<IReadOnlyList<CallbackSummary>> ReadCallbacksAsync(CancellationToken ct);

    /// <summary>Turns audit events up to <paramref name="horizon"/> (at most <paramref name="max"/> per subscription) into owed
    /// callback events with <paramref name="compose"/>, and moves each subscription's position past them, in one transaction
    /// per subscription. Returns how many events it wrote.</summary>
    Task<int> CollectCallbackEventsAsync(DateTimeOffset now, DateTimeOffset horizon, int max, Func<ObservedChanges, IReadOnlyList<CallbackEventDraft>> compose, CancellationToken ct);

    /// <summary>Claims due events for this process until <paramref name="leaseUntil"/>, in the order each initiative receives them:
    /// pending, due, not leased, and every earlier event still owed to the same initiative claimed with it.</summary>
    Task<IReadOnlyList<ClaimedCallback>> ClaimDueCallbacksAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct);

    /// <summary>Records one attempt if the event is still leased by <paramref name="owner"/>.</summary>
    Task<bool> CompleteCallbackAsync(string owner, CallbackAttempt attempt, CancellationToken ct);

    /// <summary>Gives back claimed events that were not tried (an earlier one to the same initiative failed).</summary>
    Task ReleaseCallbacksAsync(string owner, IReadOnlyCollection<Guid> eventIds, CancellationToken ct);

    /// <summary>Offers dead-lettered events again with a fresh budget: one (<paramref name="eventId"/>), or all of one initiative,
    /// or all. Returns how many.</summary>
    Task<int> RetryCallbacksAsync(string? initiativeKbo, Guid? eventId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Owed and sent events, newest first, optionally of one initiative and one state.</summary>
    Task<IReadOnlyList<CallbackEventView>> ReadCallbackEventsAsync(string? initiativeKbo, CallbackEventState? state, int limit, CancellationToken ct);
}

/// <summary>An initiative's callback: where to POST and the secret that signs (stored sealed).</summary>
public sealed record CallbackSubscription(string InitiativeKbo, Uri Url, string Secret, DateTimeOffset RegisteredAt);

/// <summary>A callback as the admin API lists it.</summary>
public sealed record CallbackSummary(string InitiativeKbo, Uri Url, DateTimeOffset RegisteredAt, long Position, IReadOnlyDictionary<CallbackEventState, long> Events, string? LastError);

/// <summary>Where an owed event stands.</summary>
public enum CallbackEventState
{
    /// <summary>To be sent (first time or again after a failed attempt).</summary>
    Pending,

    /// <summary>The initiative answered 2xx.</summary>
    Sent,

    /// <summary>The retry budget is spent or the initiative refused it for good; an operator may offer it again.</summary>
    DeadLettered,
}

/// <summary>The audit events of one attest of one initiative after the subscription's position, oldest first, with the attest's status
/// now and the status last announced to the initiative.</summary>
public sealed record ObservedChanges(string InitiativeKbo, Guid AttestId, int CurrentVersion, AttestStatus StatusNow, AttestStatus? LastAnnounced, IReadOnlyList<ObservedChange> Changes);

/// <summary>One audit event: its position, time, kind, detail (personal data already scrubbed), who wrote it, and the delivery it
/// concerns (destination and message kind) when it concerns one.</summary>
public sealed record ObservedChange(long Seq, DateTimeOffset At, string Kind, string Detail, string Actor, string? Destination, MessageKind? MessageKind);

/// <summary>An event to owe: its id, type, the audit position it follows from, its body, and the attest status it announces (if any).</summary>
public sealed record CallbackEventDraft(Guid EventId, string Type, long Seq, string Body, AttestStatus? Announces);

/// <summary>An owed event handed to this process to send.</summary>
public sealed record ClaimedCallback(Guid EventId, string InitiativeKbo, Uri Url, string Secret, string Type, string Body, int Attempts);

/// <summary>One attempt's result: Sent, Pending again at <see cref="NextDueAt"/>, or DeadLettered.</summary>
public sealed record CallbackAttempt(Guid EventId, CallbackEventState To, int Attempts, DateTimeOffset At, DateTimeOffset? NextDueAt, string? Error);

/// <summary>An event as support staff see it.</summary>
public sealed record CallbackEventView(Guid EventId, string InitiativeKbo, Guid AttestId, string Type, CallbackEventState State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? NextDueAt, string? LastError);
