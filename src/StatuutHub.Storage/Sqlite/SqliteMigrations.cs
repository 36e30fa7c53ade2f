using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Sqlite;

/// <summary>The schema, as numbered steps. A step is never edited once released; add a new one.</summary>
internal static class SqliteMigrations
{
    public static readonly (int Version, string Sql)[] Steps =
    [
        (1, """
            CREATE TABLE attests (
                attest_id       TEXT PRIMARY KEY,
                initiative_kbo  TEXT NOT NULL,
                insz            TEXT NOT NULL,
                start_date      TEXT NOT NULL,
                end_date        TEXT NOT NULL,
                current_version INTEGER NOT NULL,
                first_hash      TEXT NOT NULL,
                current_hash    TEXT NOT NULL,
                cancelled       INTEGER NOT NULL DEFAULT 0,
                created_at      INTEGER NOT NULL,
                updated_at      INTEGER NOT NULL
            );
            CREATE INDEX attests_by_insz ON attests (insz, start_date, end_date);
            CREATE INDEX attests_by_initiative ON attests (initiative_kbo, created_at);

            CREATE TABLE attest_versions (
                attest_id    TEXT NOT NULL REFERENCES attests (attest_id),
                version      INTEGER NOT NULL,
                change       TEXT NOT NULL,
                content_json TEXT NOT NULL,
                recorded_at  INTEGER NOT NULL,
                PRIMARY KEY (attest_id, version)
            );

            CREATE TABLE deliveries (
                delivery_id   INTEGER PRIMARY KEY AUTOINCREMENT,
                message_id    TEXT NOT NULL UNIQUE,
                attest_id     TEXT NOT NULL REFERENCES attests (attest_id),
                version       INTEGER NOT NULL,
                destination   TEXT NOT NULL,
                message_kind  TEXT NOT NULL,
                state         TEXT NOT NULL,
                attempts      INTEGER NOT NULL DEFAULT 0,
                due_at        INTEGER NOT NULL,
                sent_at       INTEGER,
                answer_due_at INTEGER,
                decided_at    INTEGER,
                reference     TEXT,
                reason_code   TEXT,
                last_error    TEXT,
                lease_owner   TEXT,
                lease_until   INTEGER,
                created_at    INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL
            );
            CREATE INDEX deliveries_due ON deliveries (state, due_at);
            CREATE INDEX deliveries_by_attest ON deliveries (attest_id, destination, version);
            CREATE INDEX deliveries_answer_due ON deliveries (state, answer_due_at);

            CREATE TABLE attempts (
                delivery_id INTEGER NOT NULL REFERENCES deliveries (delivery_id),
                attempt_no  INTEGER NOT NULL,
                started_at  INTEGER NOT NULL,
                duration_ms INTEGER NOT NULL,
                outcome     TEXT NOT NULL,
                error       TEXT
            );
            CREATE INDEX attempts_by_delivery ON attempts (delivery_id);

            CREATE TABLE acks (
                ack_id      INTEGER PRIMARY KEY AUTOINCREMENT,
                message_id  TEXT NOT NULL,
                agency      TEXT NOT NULL,
                approved    INTEGER NOT NULL,
                reason_code TEXT,
                reference   TEXT,
                outcome     TEXT NOT NULL,
                received_at INTEGER NOT NULL
            );
            CREATE INDEX acks_by_message ON acks (message_id);

            CREATE TABLE audit_events (
                seq         INTEGER PRIMARY KEY AUTOINCREMENT,
                at          INTEGER NOT NULL,
                attest_id   TEXT,
                delivery_id INTEGER,
                destination TEXT,
                kind        TEXT NOT NULL,
                detail      TEXT NOT NULL,
                actor       TEXT NOT NULL
            );
            CREATE INDEX audit_by_attest ON audit_events (attest_id, seq);
            """),
        .. PortableMigrations.Steps.Where(step => step.Version < 19),
        // An attest's deliveries in one state are a handful of rows of the attest's own index (deliveries_by_attest). The
        // (attest_id, state) index changed with every state change of every delivery, at a place as random as the attest's id:
        // about a seventh of the log's page writes end to end. PostgreSQL keeps it: without it, its planner walked the
        // (destination, state) index to replace an attest's planned renewal (10 ms a call).
        (19, """
            DROP INDEX deliveries_attest_state;
            """),
        .. PortableMigrations.Steps.Where(step => step.Version > 19),
    ];
}
