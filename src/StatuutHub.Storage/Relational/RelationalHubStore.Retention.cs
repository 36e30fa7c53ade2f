using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Retention: the personal data of an attest whose time is up is removed in small batches, while what the sector needs to
/// count and to prove stays (deliveries, counters, the audit trail, which never held personal data in clear).</summary>
public abstract partial class RelationalHubStore
{
    /// <summary>What a purged version's content becomes.</summary>
    public const string PurgedContent = "purged:";

    /// <summary>States in which the hub still sends or waits: an attest with a delivery in one of them is not purged.</summary>
    private static readonly string StillActive = string.Join(", ", new[]
    {
        DeliveryState.Pending, DeliveryState.RetryScheduled, DeliveryState.Waiting, DeliveryState.Sent, DeliveryState.Overdue,
    }.Select(s => $"'{s}'"));

    /// <inheritdoc />
    public async Task<int> PurgeExpiredAsync(RetentionCutoff retention, int batchSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var expired = await ReadAllAsync(connection, tx, $"""
                SELECT a.attest_id FROM attests a
                WHERE a.purged_at IS NULL
                  AND (a.end_date < @day OR (a.cancelled = 1 AND a.updated_at < @changed))
                  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.attest_id = a.attest_id
                                  AND (d.state IN ({StillActive}) OR d.decided_at >= @changed))
                ORDER BY a.attest_id LIMIT {batchSize}
                """, r => r.GetString(0), ct, ("@day", Day(retention.EndedBefore)), ("@changed", Ms(retention.ChangedBefore)));
            foreach (var id in expired)
            {
                await ExecAsync(connection, tx, "UPDATE attest_versions SET content_json = @purged WHERE attest_id = @id", ct, ("@purged", PurgedContent), ("@id", id));
                await ExecAsync(connection, tx, "UPDATE attests SET insz = @purged, purged_at = @now WHERE attest_id = @id", ct,
                    ("@purged", PurgedContent), ("@now", Ms(retention.Now)), ("@id", id));
                // What agencies answered may quote the person: their answers, errors and the reconciler's question go with the content.
                await ExecAsync(connection, tx, "UPDATE deliveries SET last_error = NULL, asked_answer = NULL WHERE attest_id = @id", ct, ("@id", id));
                await ExecAsync(connection, tx, "UPDATE attempts SET error = NULL, answer = NULL WHERE delivery_id IN (SELECT delivery_id FROM deliveries WHERE attest_id = @id)", ct, ("@id", id));
                await ExecAsync(connection, tx, "UPDATE attest_versions SET warnings_json = NULL WHERE attest_id = @id", ct, ("@id", id));
                await ExecAsync(connection, tx, "UPDATE callback_events SET body = @purged, last_error = NULL WHERE attest_id = @id AND state <> 'Pending'", ct,
                    ("@purged", PurgedContent), ("@id", id));
                await ExecAsync(connection, tx, "DELETE FROM cross_conflicts WHERE attest_id = @id OR other_attest_id = @id", ct, ("@id", id));
                await AuditAsync(connection, tx, id, null, null, new AuditEntry("AttestPurged", retention.Why), "hub:retention", retention.Now, ct);
            }

            await ExecAsync(connection, tx, "DELETE FROM cross_conflicts WHERE at < @changed", ct, ("@changed", Ms(retention.ChangedBefore)));
            return expired.Count;
        }, ct);
    }
}
