using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Sqlite;

/// <summary>SQLite's own statements: no row locks (BEGIN IMMEDIATE admits one writer at a time, so what a transaction read stays
/// as it read it), and the claim names the due index, so the planner walks it rather than an attest's.</summary>
internal static class SqliteStatements
{
    public static readonly EngineStatements All = new()
    {
        AttestToChange = "SELECT current_version, first_hash, current_hash, cancelled, created_at, purged_at FROM attests WHERE attest_id = @id",
        DecisionTarget = """
            SELECT d.delivery_id, d.destination, d.state, d.attest_id, d.message_kind, d.version, a.end_date,
                   (SELECT v.content_json FROM attest_versions v WHERE v.attest_id = d.attest_id AND v.version = a.current_version) AS content_json, a.current_version, a.cancelled
            FROM deliveries d JOIN attests a ON a.attest_id = d.attest_id
            WHERE d.message_id = @m
            """,
        DeliveryToMove = """
            SELECT d.delivery_id, d.destination, d.state FROM deliveries d
            WHERE d.delivery_id = @id AND NOT EXISTS (SELECT 1 FROM attests a WHERE a.attest_id = d.attest_id AND a.purged_at IS NOT NULL)
            """,
        AskedAnswerToReplace = "SELECT asked_answer FROM deliveries WHERE delivery_id = @id",
        // An earlier unsent version of the same destination holds a row back: asked as "its first such version is null" in the
        // attest's index order (see the PostgreSQL text for why not NOT EXISTS).
        ClaimDue = """
            SELECT d.delivery_id, d.message_id, d.attest_id, d.version, d.destination, d.message_kind, d.state, d.attempts, v.content_json, d.trace_parent,
                (SELECT p.reference FROM deliveries p
                 WHERE d.waits_on IS NOT NULL AND p.attest_id = d.attest_id AND p.destination = d.waits_on AND p.state = 'Acknowledged'
                   AND p.message_kind IN ('Create', 'Amend')
                 ORDER BY p.version DESC LIMIT 1) AS awaited_reference,
                d.ends_on
            FROM (
                SELECT delivery_id, due_at FROM (
                    SELECT c.delivery_id, c.due_at FROM deliveries c INDEXED BY deliveries_due
                    WHERE c.state = 'Pending' AND c.state IN ('Pending', 'RetryScheduled') AND c.due_at <= @now AND (c.lease_until IS NULL OR c.lease_until < @now) AND (
                        SELECT e.version FROM deliveries e WHERE e.attest_id = c.attest_id AND e.destination = c.destination AND e.version < c.version
                          AND e.state IN ('Pending', 'RetryScheduled', 'DeadLettered') AND e.message_kind <> 'Renew'
                        ORDER BY e.attest_id, e.destination, e.version LIMIT 1) IS NULL
                    ORDER BY c.due_at, c.delivery_id LIMIT @max) pending
                UNION ALL
                SELECT delivery_id, due_at FROM (
                    SELECT c.delivery_id, c.due_at FROM deliveries c INDEXED BY deliveries_due
                    WHERE c.state = 'RetryScheduled' AND c.state IN ('Pending', 'RetryScheduled') AND c.due_at <= @now AND (c.lease_until IS NULL OR c.lease_until < @now) AND (
                        SELECT e.version FROM deliveries e WHERE e.attest_id = c.attest_id AND e.destination = c.destination AND e.version < c.version
                          AND e.state IN ('Pending', 'RetryScheduled', 'DeadLettered') AND e.message_kind <> 'Renew'
                        ORDER BY e.attest_id, e.destination, e.version LIMIT 1) IS NULL
                    ORDER BY c.due_at, c.delivery_id LIMIT @max) retrying
                ORDER BY due_at, delivery_id LIMIT @max) chosen
            JOIN deliveries d ON d.delivery_id = chosen.delivery_id
            JOIN attest_versions v ON v.attest_id = d.attest_id AND v.version = d.version
            WHERE d.state IN ('Pending', 'RetryScheduled') AND (d.lease_until IS NULL OR d.lease_until < @now)
            ORDER BY chosen.due_at, chosen.delivery_id
            """,
        ClaimCallbacks = """
            SELECT d.event_id, d.initiative_kbo, s.url, s.secret, d.type, d.body, d.attempts
            FROM callback_events d
            JOIN callback_subscriptions s ON s.initiative_kbo = d.initiative_kbo
            WHERE d.state = 'Pending' AND d.due_at <= @now AND (d.lease_until IS NULL OR d.lease_until < @now)
              AND NOT EXISTS (
                  SELECT 1 FROM callback_events e
                  WHERE e.initiative_kbo = d.initiative_kbo AND e.state = 'Pending' AND e.seq < d.seq
                    AND (e.due_at > @now OR e.lease_until >= @now))
            ORDER BY d.seq, CASE WHEN d.type IN ('attest.recognised', 'attest.refused') THEN 1 ELSE 0 END
            LIMIT @max
            """,
    };
}
