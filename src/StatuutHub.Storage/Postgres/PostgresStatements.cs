using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Postgres;

/// <summary>PostgreSQL's own statements: a row a transaction will change is locked as it is read (<c>FOR UPDATE</c>), a claim
/// passes over rows another process holds (<c>SKIP LOCKED</c>), and submissions that could conflict take advisory locks.</summary>
internal static class PostgresStatements
{
    public static readonly EngineStatements All = new()
    {
        AttestToChange = "SELECT current_version, first_hash, current_hash, cancelled, created_at, purged_at FROM attests WHERE attest_id = @id FOR UPDATE",
        DecisionTarget = """
            SELECT d.delivery_id, d.destination, d.state, d.attest_id, d.message_kind, d.version, a.end_date,
                   (SELECT v.content_json FROM attest_versions v WHERE v.attest_id = d.attest_id AND v.version = a.current_version) AS content_json, a.current_version, a.cancelled
            FROM deliveries d JOIN attests a ON a.attest_id = d.attest_id
            WHERE d.message_id = @m FOR UPDATE OF d
            """,
        DeliveryToMove = """
            SELECT d.delivery_id, d.destination, d.state FROM deliveries d
            WHERE d.delivery_id = @id AND NOT EXISTS (SELECT 1 FROM attests a WHERE a.attest_id = d.attest_id AND a.purged_at IS NOT NULL) FOR UPDATE OF d
            """,
        AskedAnswerToReplace = "SELECT asked_answer FROM deliveries WHERE delivery_id = @id FOR UPDATE",
        // An earlier unsent version of the same destination holds a row back. Asked as "its first such version is null" in the
        // attest's index order rather than NOT EXISTS: with the sorts the claim's transaction turns off (ClaimPlanSettings), the
        // attest's index is then the only plan. NOT EXISTS let PostgreSQL, on statistics from before a backlog, pick the
        // (destination, state) index and read every Pending row of the destination for each candidate: 745 ms for a claim of
        // 256 with 3,211 Pending rows per destination (auto_explain), 2 ms with the attest's index.
        // The outer WHERE repeats state and lease: PostgreSQL re-checks it on the locked row, so a row another process claimed
        // since this statement's snapshot is passed over, not claimed twice.
        ClaimDue = """
            SELECT d.delivery_id, d.message_id, d.attest_id, d.version, d.destination, d.message_kind, d.state, d.attempts, v.content_json, d.trace_parent,
                (SELECT p.reference FROM deliveries p
                 WHERE d.waits_on IS NOT NULL AND p.attest_id = d.attest_id AND p.destination = d.waits_on AND p.state = 'Acknowledged'
                   AND p.message_kind IN ('Create', 'Amend')
                 ORDER BY p.version DESC LIMIT 1) AS awaited_reference,
                d.ends_on
            FROM (
                SELECT delivery_id, due_at FROM (
                    SELECT c.delivery_id, c.due_at FROM deliveries c
                    WHERE c.state = 'Pending' AND c.state IN ('Pending', 'RetryScheduled') AND c.due_at <= @now AND (c.lease_until IS NULL OR c.lease_until < @now) AND (
                        SELECT e.version FROM deliveries e WHERE e.attest_id = c.attest_id AND e.destination = c.destination AND e.version < c.version
                          AND e.state IN ('Pending', 'RetryScheduled', 'DeadLettered') AND e.message_kind <> 'Renew'
                        ORDER BY e.attest_id, e.destination, e.version LIMIT 1) IS NULL
                    ORDER BY c.due_at, c.delivery_id LIMIT @max) pending
                UNION ALL
                SELECT delivery_id, due_at FROM (
                    SELECT c.delivery_id, c.due_at FROM deliveries c
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
            FOR UPDATE OF d SKIP LOCKED
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
            FOR UPDATE OF d SKIP LOCKED
            """,
        // Always attest first, then INSZ: one order everywhere, so two submissions cannot deadlock. Lock classes: 1 = attest id, 2 = INSZ.
        SubmitLock = "SELECT pg_advisory_xact_lock(1, hashtext(@id)), pg_advisory_xact_lock(2, hashtext(@insz))",
        // The claim walks each state's due index in order and stops at its batch, planned for the rows at hand each time. A prepared
        // statement's generic plan, made while a young table was nearly empty, turned a claim of 256 into a sequential scan per row
        // (1.7 s with 13,800 rows); with lagging statistics the planner read every due row through a bitmap and sorted (27 ms against
        // 10 ms). No generic plan, no sort and no bitmap leave it only the ordered walk.
        ClaimPlanSettings = ["SET LOCAL plan_cache_mode = force_custom_plan", "SET LOCAL enable_sort = off", "SET LOCAL enable_bitmapscan = off"],
        ClaimPlanReset = ["SET LOCAL plan_cache_mode TO DEFAULT", "SET LOCAL enable_sort TO DEFAULT", "SET LOCAL enable_bitmapscan TO DEFAULT"],
    };
}
