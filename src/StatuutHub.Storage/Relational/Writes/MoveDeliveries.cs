using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>Support staff's actions: deliveries offered again, archived or put back, each as the application decides from the
/// delivery as it stands under its lock.</summary>
internal sealed class MoveDeliveries(Database db, AuditAppend audit, DeliveryCounts counts)
{
    public async Task<MoveResult> RunAsync(IReadOnlyCollection<long> deliveryIds, Func<DeliveryTarget, OperatorMove?> decide, string actor, DateTimeOffset at, CancellationToken ct)
    {
        var ids = deliveryIds.Distinct().ToArray();
        return await db.WriteAsync(async (connection, tx, ct) =>
        {
            var done = 0;
            var moved = new CountDeltas();
            foreach (var id in ids)
            {
                // A delivery of a purged attest (retention) has nothing left to send: the statement finds none.
                var found = await db.ReadAllAsync(connection, tx, db.Statements.DeliveryToMove,
                    r => new DeliveryTarget(r.Long("delivery_id"), r.Text("destination"), r.Enum<DeliveryState>("state")), ct, ("@id", id));
                if (found is not [var delivery] || decide(delivery) is not { } effect)
                {
                    continue;
                }

                await db.ExecAsync(connection, tx, """
                    UPDATE deliveries SET state = @to, due_at = @at, attempts = CASE WHEN @fresh THEN 0 ELSE attempts END,
                        lease_owner = NULL, lease_until = NULL, updated_at = @at
                    WHERE delivery_id = @id
                    """, ct, ("@to", effect.To.ToString()), ("@at", at), ("@fresh", effect.FreshBudget), ("@id", id));
                await audit.AppendForDeliveryAsync(connection, tx, id, effect.Audit, actor, at, ct);
                moved.Move(delivery.Destination, delivery.State, effect.To);
                done++;
            }

            await counts.WriteAsync(connection, tx, moved, ct);
            return new MoveResult(done, ids.Length - done);
        }, ct);
    }
}
