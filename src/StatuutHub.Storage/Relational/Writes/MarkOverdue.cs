using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>Every answer that is late, moved in one statement: the state machine allows exactly this move (Sent, AnswerTimeExpired).</summary>
internal sealed class MarkOverdue(Database db, AuditAppend audit, DeliveryCounts counts)
{
    public async Task<int> RunAsync(DateTimeOffset now, AuditEntry entry, CancellationToken ct)
    {
        var to = DeliveryStateMachine.Apply(DeliveryState.Sent, DeliveryEvent.AnswerTimeExpired);
        return await db.WriteAsync(async (connection, tx, ct) =>
        {
            // The condition is the answer-due index's, as written (PortableMigrations.AwaitingAnswer), so SQLite uses that index.
            var moved = await db.ReadAllAsync(connection, tx, $"""
                UPDATE deliveries SET state = @to, updated_at = @now
                WHERE {PortableMigrations.AwaitingAnswer} AND answer_due_at <= @now
                RETURNING delivery_id, destination
                """, r => (Id: r.Long("delivery_id"), Destination: r.Text("destination")), ct,
                ("@to", to.ToString()), ("@now", now));

            var deltas = new CountDeltas();
            foreach (var (id, destination) in moved)
            {
                await audit.AppendForDeliveryAsync(connection, tx, id, entry, "overdue-scan", now, ct);
                deltas.Move(destination, DeliveryState.Sent, to);
            }

            await counts.WriteAsync(connection, tx, deltas, ct);
            return moved.Count;
        }, ct);
    }
}
