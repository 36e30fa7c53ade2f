namespace StatuutHub.Storage.Relational;

/// <summary>Schema steps written in SQL that SQLite and PostgreSQL both accept; each dialect lists its own
/// first step (the tables, with its own types) and then these. Never edit a released step; add one.</summary>
internal static class PortableMigrations
{
    public static readonly (int Version, string Sql)[] Steps =
    [
        (2, """
            CREATE INDEX attests_created ON attests (created_at);
            CREATE INDEX deliveries_state_id ON deliveries (state, delivery_id);
            CREATE INDEX deliveries_destination_state ON deliveries (destination, state);
            """),
        (3, """
            ALTER TABLE deliveries ADD COLUMN trace_parent TEXT;
            """),
        (4, """
            CREATE TABLE delivery_counts (
                destination TEXT NOT NULL,
                state       TEXT NOT NULL,
                n           BIGINT NOT NULL,
                PRIMARY KEY (destination, state)
            );
            INSERT INTO delivery_counts (destination, state, n) SELECT destination, state, COUNT(*) FROM deliveries GROUP BY destination, state;
            """),
        (5, """
            ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
            ALTER TABLE audit_events ADD COLUMN hash TEXT;
            """),
        (6, """
            CREATE TABLE delivery_counters (
                destination TEXT NOT NULL,
                state       TEXT NOT NULL,
                slot        INTEGER NOT NULL,
                n           BIGINT NOT NULL,
                PRIMARY KEY (destination, state, slot)
            );
            INSERT INTO delivery_counters (destination, state, slot, n) SELECT destination, state, 0, n FROM delivery_counts;
            DROP TABLE delivery_counts;
            """),
        (7, """
            ALTER TABLE attest_versions ADD COLUMN warnings_json TEXT;
            """),
        (8, """
            ALTER TABLE deliveries ADD COLUMN waits_on TEXT;
            ALTER TABLE deliveries ADD COLUMN ends_on TEXT;
            CREATE INDEX deliveries_attest_state ON deliveries (attest_id, state);
            """),
        (9, """
            CREATE TABLE staff_password_upgrades (
                user_name              TEXT PRIMARY KEY,
                configured_fingerprint TEXT NOT NULL,
                password_hash          TEXT NOT NULL,
                upgraded_at            BIGINT NOT NULL
            );
            """),
        (10, """
            ALTER TABLE deliveries ADD COLUMN asked_at BIGINT;
            ALTER TABLE deliveries ADD COLUMN asked_answer TEXT;
            ALTER TABLE deliveries ADD COLUMN next_ask_at BIGINT;
            """),
        (11, """
            ALTER TABLE attests ADD COLUMN purged_at BIGINT;
            """),
        (12, """
            CREATE TABLE protection_passes (
                key_id       TEXT PRIMARY KEY,
                completed_at BIGINT NOT NULL
            );
            """),
        (13, """
            CREATE TABLE callback_subscriptions (
                initiative_kbo TEXT PRIMARY KEY,
                url            TEXT NOT NULL,
                secret         TEXT NOT NULL,
                registered_at  BIGINT NOT NULL,
                position       BIGINT NOT NULL
            );
            CREATE TABLE callback_events (
                event_id       TEXT PRIMARY KEY,
                initiative_kbo TEXT NOT NULL,
                seq            BIGINT NOT NULL,
                attest_id      TEXT NOT NULL,
                type           TEXT NOT NULL,
                body           TEXT NOT NULL,
                announces      TEXT,
                state          TEXT NOT NULL,
                attempts       INTEGER NOT NULL,
                due_at         BIGINT NOT NULL,
                lease_owner    TEXT,
                lease_until    BIGINT,
                created_at     BIGINT NOT NULL,
                sent_at        BIGINT,
                last_error     TEXT,
                UNIQUE (initiative_kbo, seq, type)
            );
            CREATE INDEX callback_events_due ON callback_events (state, due_at);
            CREATE INDEX callback_events_attest ON callback_events (initiative_kbo, attest_id, seq);
            """),
        (14, """
            CREATE TABLE alerts (
                alert_key    TEXT NOT NULL,
                fired_at     BIGINT NOT NULL,
                message_nl   TEXT NOT NULL,
                message_en   TEXT NOT NULL,
                resolved_at  BIGINT,
                notified_at  BIGINT,
                notify_error TEXT,
                PRIMARY KEY (alert_key, fired_at)
            );
            CREATE UNIQUE INDEX alerts_open ON alerts (alert_key) WHERE resolved_at IS NULL;
            """),
        (15, """
            ALTER TABLE attempts ADD COLUMN answer TEXT;
            """),
        (16, """
            CREATE TABLE sector_statistics (
                computed_at BIGINT PRIMARY KEY,
                document    TEXT NOT NULL
            );
            """),
        // The claim orders by (due_at, delivery_id): with the id in the index it stops at the batch size instead of
        // sorting every due row (PostgreSQL read all 6,000 due rows and their predecessors for a claim of 256).
        (17, """
            DROP INDEX deliveries_due;
            CREATE INDEX deliveries_due ON deliveries (state, due_at, delivery_id);
            """),
        // Only a delivery that can still be claimed is in the due index, only one that waits for its answer in the answer-due
        // index: a settled delivery (most of a store) leaves both, so a state change writes two index entries fewer.
        (18, $"""
            DROP INDEX deliveries_due;
            CREATE INDEX deliveries_due ON deliveries (state, due_at, delivery_id) WHERE {ClaimableStates};
            DROP INDEX deliveries_answer_due;
            CREATE INDEX deliveries_answer_due ON deliveries (answer_due_at) WHERE {AwaitingAnswer};
            """),
        // 19 is SQLite's own (SqliteMigrations).
        // The audit chains are read by delivery (the head before each new event) and by attest (its history). Keyed by the attest's
        // id, the index took each of an attest's dozen events at a place as random as that id, and split its leaves there: 38 % of
        // the SQLite writer's B-tree rebalancing end to end. A delivery's id grows with time, so its events go where the newest
        // are; only an attest's own events (submitted, amended, cancelled: one or two) stay keyed by the attest.
        (20, """
            DROP INDEX audit_by_attest;
            CREATE INDEX audit_by_delivery ON audit_events (delivery_id, seq) WHERE delivery_id IS NOT NULL;
            CREATE INDEX audit_of_attest ON audit_events (attest_id, seq) WHERE delivery_id IS NULL;
            """),
        // No statement finds deliveries by (destination, state) any more (counts come from delivery_counters; a destination's
        // deliveries are filtered with a LIKE no index serves), yet every state change moved the delivery's entry between two
        // of that index's groups, a pair per destination and state: the most written B-tree in SQLite's log end to end (7.7 of
        // 40 pages a commit). Twice it was the index PostgreSQL's planner chose wrongly.
        (21, """
            DROP INDEX deliveries_destination_state;
            """),
        // Attests refused for a conflict with another initiative's attest: the caller hears only that support must look, so support
        // staff read both sides here, the alert counts them per initiative and the intake limits them per participant.
        (22, """
            CREATE TABLE cross_conflicts (
                initiative_kbo  TEXT NOT NULL,
                attest_id       TEXT NOT NULL,
                other_attest_id TEXT NOT NULL,
                insz            TEXT NOT NULL,
                code            TEXT NOT NULL,
                at              BIGINT NOT NULL
            );
            CREATE INDEX cross_conflicts_by_initiative ON cross_conflicts (initiative_kbo, at);
            """),
        // Jobs that run once for the whole hub (retention, statistics, reconciliation, alerts): the process that holds a job's
        // lease runs it; another takes it over only once the lease ran out (its holder stopped).
        (23, """
            CREATE TABLE job_leases (
                job        TEXT PRIMARY KEY,
                owner      TEXT NOT NULL,
                held_until BIGINT NOT NULL
            );
            """),
    ];

    /// <summary>The due index's condition. A query uses the partial index only when its WHERE holds this term as written
    /// (SQLite does not derive it from <c>state = 'Pending'</c>), so the claim repeats it.</summary>
    public const string ClaimableStates = "state IN ('Pending', 'RetryScheduled')";

    /// <summary>The answer-due index's condition, repeated as written by the overdue scan.</summary>
    public const string AwaitingAnswer = "state = 'Sent' AND answer_due_at IS NOT NULL";
}
