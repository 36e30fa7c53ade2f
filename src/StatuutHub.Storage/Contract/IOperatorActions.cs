using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Storage.Contract;

/// <summary>What support staff change: deliveries offered again.</summary>
public interface IOperatorActions
{
    /// <summary>For each delivery, asks <paramref name="decide"/> whether and how it is sent again (null: skipped),
    /// and writes every move with its audit event under <paramref name="actor"/> in one transaction.</summary>
    Task<RequeueResult> RequeueAsync(IReadOnlyCollection<long> deliveryIds, Func<DeliveryTarget, RequeueEffect?> decide, string actor, DateTimeOffset at, CancellationToken ct);
}

/// <summary>A delivery offered again: its new state (due now), whether its retry budget starts afresh, and the audit event.</summary>
public sealed record RequeueEffect(DeliveryState To, bool FreshBudget, AuditEntry Audit);

/// <summary>How an operator's retry or replay went.</summary>
public sealed record RequeueResult(int Requeued, int Skipped);
