namespace StatuutHub.Storage.Relational;

/// <summary>The statements an engine writes in full, its own way: where PostgreSQL locks the rows a transaction will change
/// (<c>FOR UPDATE</c>, <c>SKIP LOCKED</c> for claims, advisory locks for submissions) and SQLite, one writer at a time, names the
/// index its planner must walk. Every other statement of the store is one text for both engines.</summary>
internal sealed record EngineStatements
{
    /// <summary>An attest's row that a change will rewrite: current_version, first_hash, current_hash, cancelled, created_at,
    /// purged_at; parameter @id.</summary>
    public required string AttestToChange { get; init; }

    /// <summary>The delivery a decision names (@m), with what the decision needs: delivery_id, destination, state, attest_id,
    /// message_kind, version, the attest's end_date, its current content_json and current_version.</summary>
    public required string DecisionTarget { get; init; }

    /// <summary>The delivery support staff move (@id): delivery_id, destination, state; none when its attest was purged.</summary>
    public required string DeliveryToMove { get; init; }

    /// <summary>The reconciler's last answer on a delivery (@id) that it is about to replace: asked_answer.</summary>
    public required string AskedAnswerToReplace { get; init; }

    /// <summary>Due, unleased deliveries whose earlier versions for the same destination are all sent (a planned renewal of an
    /// earlier version does not hold a later message back), oldest first, at most @max, with their attest content: columns
    /// delivery_id, message_id, attest_id, version, destination, message_kind, state, attempts, content_json, trace_parent, the
    /// reference of the approval a chained delivery waited for (awaited_reference) and ends_on; parameters @now and @max.
    /// Each claimable state is walked in its (state, due_at, delivery_id) index order and stops at @max rows that qualify, so a
    /// claim costs the same with a backlog of 20,000 as with 20. The states are written as the partial index deliveries_due
    /// names them (<see cref="PortableMigrations.ClaimableStates"/>): SQLite uses a partial index only for a query that repeats
    /// its condition. Which earlier message holds a later one back is <see cref="Domain.Deliveries.DeliveryChain.HoldsBackLaterVersions"/>,
    /// which approval a chained message carries <see cref="Domain.Deliveries.DeliveryChain.GrantsPermission"/>; the statement spells
    /// both out, and the storage tests check it against them for every state and message kind.</summary>
    public required string ClaimDue { get; init; }

    /// <summary>Due, unleased callback events whose earlier events still owed to the same initiative are in the same claim,
    /// in position order with a change before the announcement it led to; parameters @now and @max.</summary>
    public required string ClaimCallbacks { get; init; }

    /// <summary>Run before a submission reads anything, so submissions of the same attest id (@id) or the same INSZ (@insz)
    /// take turns across processes; null where the write transaction already admits one writer at a time.</summary>
    public string? SubmitLock { get; init; }

    /// <summary>Run in the claim's transaction before <see cref="ClaimDue"/>: planner settings for that transaction only.</summary>
    public IReadOnlyList<string> ClaimPlanSettings { get; init; } = [];

    /// <summary>Run after the claim: the planner settings back as they were, for the units that share its transaction.</summary>
    public IReadOnlyList<string> ClaimPlanReset { get; init; } = [];
}
