using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>Retention: the personal data of an attest whose time is up is removed in small batches, while what the sector needs to
/// count and to prove stays (deliveries, counters, the audit trail, which never held personal data in clear).
/// <see cref="RetentionRule"/> decides which candidates have expired, from each attest's deliveries.</summary>
internal sealed class PurgeExpired(Database db, AuditAppend audit)
{
    public async Task<PurgeBatch> RunAsync(RetentionCutoff retention, string? after, int batchSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return await db.WriteAsync(async (connection, tx, ct) =>
        {
            // Candidates by what the attest row says (an index serves it).
            var candidates = await db.ReadAllAsync(connection, tx, """
                SELECT attest_id, end_date, cancelled, updated_at FROM attests
                WHERE purged_at IS NULL AND (end_date < @day OR (cancelled AND updated_at < @changed)) AND attest_id > @after
                ORDER BY attest_id LIMIT @take
                """, r => (Id: r.Text("attest_id"), LastDay: r.Day("end_date"), Cancelled: r.Flag("cancelled"), Changed: r.Time("updated_at")),
                ct, ("@day", StoredValues.Day(retention.EndedBefore)), ("@changed", retention.ChangedBefore), ("@after", after ?? StoredValues.BeforeEveryId), ("@take", batchSize));
            var expired = new List<string>();
            foreach (var candidate in candidates)
            {
                var deliveries = await db.ReadAllAsync(connection, tx, "SELECT state, decided_at FROM deliveries WHERE attest_id = @id",
                    r => (r.Enum<DeliveryState>("state"), r.OptionalTime("decided_at")), ct, ("@id", candidate.Id));
                if (RetentionRule.HasExpired(candidate.LastDay, candidate.Cancelled, candidate.Changed, deliveries, retention.EndedBefore, retention.ChangedBefore))
                {
                    expired.Add(candidate.Id);
                }
            }

            foreach (var id in expired)
            {
                (string, object?)[] attest = [("@purged", StoredValues.PurgedContent), ("@id", id)];
                await db.ExecAsync(connection, tx, "UPDATE attest_versions SET content_json = @purged, warnings_json = NULL WHERE attest_id = @id", ct, attest);
                await db.ExecAsync(connection, tx, "UPDATE attests SET insz = @purged, purged_at = @now WHERE attest_id = @id", ct, [.. attest, ("@now", retention.Now)]);
                // What agencies answered may quote the person: their answers, errors and the reconciler's question go with the content.
                await db.ExecAsync(connection, tx, "UPDATE deliveries SET last_error = NULL, asked_answer = NULL WHERE attest_id = @id", ct, ("@id", id));
                await db.ExecAsync(connection, tx, "UPDATE attempts SET error = NULL, answer = NULL WHERE delivery_id IN (SELECT delivery_id FROM deliveries WHERE attest_id = @id)", ct, ("@id", id));
                // A callback still owed keeps its body until it went (it names the attest's status, not the person).
                await db.ExecAsync(connection, tx, "UPDATE callback_events SET body = @purged, last_error = NULL WHERE attest_id = @id AND state <> @owed", ct,
                    [.. attest, ("@owed", nameof(CallbackEventState.Pending))]);
                await db.ExecAsync(connection, tx, "DELETE FROM cross_conflicts WHERE attest_id = @id OR other_attest_id = @id", ct, ("@id", id));
                await audit.AppendAsync(connection, tx, id, null, null, new AuditEntry("AttestPurged", retention.Why), "hub:retention", retention.Now, ct);
            }

            await db.ExecAsync(connection, tx, "DELETE FROM cross_conflicts WHERE at < @changed", ct, ("@changed", retention.ChangedBefore));
            return new PurgeBatch(expired.Count, candidates.Count == batchSize ? candidates[^1].Id : null);
        }, ct);
    }
}
