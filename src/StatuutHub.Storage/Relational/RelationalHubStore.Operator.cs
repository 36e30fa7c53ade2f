using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Support staff's actions: deliveries offered again, archived or put back, each as the application decides.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<MoveResult> MoveAsync(IReadOnlyCollection<long> deliveryIds, Func<DeliveryTarget, OperatorMove?> decide, string actor, DateTimeOffset at, CancellationToken ct)
    {
        var ids = deliveryIds.Distinct().ToArray();
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var done = 0;
            var moved = new CountDeltas();
            foreach (var id in ids)
            {
                // A delivery of a purged attest (retention) has nothing left to send.
                var found = await ReadAllAsync(connection, tx, $"""
                    SELECT d.delivery_id, d.destination, d.state FROM deliveries d
                    WHERE d.delivery_id = @id AND NOT EXISTS (SELECT 1 FROM attests a WHERE a.attest_id = d.attest_id AND a.purged_at IS NOT NULL) {RowLockOf("d")}
                    """,
                    r => new DeliveryTarget(r.Long("delivery_id"), r.Text("destination"), r.Enum<DeliveryState>("state")), ct, ("@id", id));
                if (found.Count == 0 || decide(found[0]) is not { } effect)
                {
                    continue;
                }

                var delivery = found[0];
                await ExecAsync(connection, tx, """
                    UPDATE deliveries SET state = @to, due_at = @at, attempts = CASE WHEN @fresh THEN 0 ELSE attempts END,
                        lease_owner = NULL, lease_until = NULL, updated_at = @at
                    WHERE delivery_id = @id
                    """, ct, ("@to", effect.To.ToString()), ("@at", at), ("@fresh", effect.FreshBudget), ("@id", id));
                await AuditForDeliveryAsync(connection, tx, id, effect.Audit, actor, at, ct);
                moved.Move(delivery.Destination, delivery.State, effect.To);
                done++;
            }

            await CountsAsync(connection, tx, moved, ct);
            return new MoveResult(done, ids.Length - done);
        }, ct);
    }
}
