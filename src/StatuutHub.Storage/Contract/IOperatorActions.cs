using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Storage.Contract;

/// <summary>What support staff change: deliveries offered again, archived or put back among the dead letters.</summary>
public interface IOperatorActions
{
    /// <summary>For each delivery, asks <paramref name="decide"/> whether and where it moves (null: skipped),
    /// and writes every move with its audit event under <paramref name="actor"/> in one transaction.</summary>
    Task<MoveResult> MoveAsync(IReadOnlyCollection<long> deliveryIds, Func<DeliveryTarget, OperatorMove?> decide, string actor, DateTimeOffset at, CancellationToken ct);
}

/// <summary>A delivery moved by a person: its new state (due now), whether its retry budget starts afresh, and the audit event.</summary>
public sealed record OperatorMove(DeliveryState To, bool FreshBudget, AuditEntry Audit);

/// <summary>How an operator's action went: how many deliveries moved, how many were skipped (not in a state the action takes).</summary>
public sealed record MoveResult(int Moved, int Skipped);
