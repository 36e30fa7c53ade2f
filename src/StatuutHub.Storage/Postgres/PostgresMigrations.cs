using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Postgres;

/// <summary>The PostgreSQL schema, as numbered steps; the same tables as SQLite with PostgreSQL types.
/// A step is never edited once released; add a new one.</summary>
internal static class PostgresMigrations
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
                cancelled       BIGINT NOT NULL DEFAULT 0,
                created_at      BIGINT NOT NULL,
                updated_at      BIGINT NOT NULL
            );
            CREATE INDEX attests_by_insz ON attests (insz, start_date, end_date);
            CREATE INDEX attests_by_initiative ON attests (initiative_kbo, created_at);

            CREATE TABLE attest_versions (
                attest_id    TEXT NOT NULL REFERENCES attests (attest_id),
                version      INTEGER NOT NULL,
                change       TEXT NOT NULL,
                content_json TEXT NOT NULL,
                recorded_at  BIGINT NOT NULL,
                PRIMARY KEY (attest_id, version)
            );

            CREATE TABLE deliveries (
                delivery_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                message_id    TEXT NOT NULL UNIQUE,
                attest_id     TEXT NOT NULL REFERENCES attests (attest_id),
                version       INTEGER NOT NULL,
                destination   TEXT NOT NULL,
                message_kind  TEXT NOT NULL,
                state         TEXT NOT NULL,
                attempts      INTEGER NOT NULL DEFAULT 0,
                due_at        BIGINT NOT NULL,
                sent_at       BIGINT,
                answer_due_at BIGINT,
                decided_at    BIGINT,
                reference     TEXT,
                reason_code   TEXT,
                last_error    TEXT,
                lease_owner   TEXT,
                lease_until   BIGINT,
                created_at    BIGINT NOT NULL,
                updated_at    BIGINT NOT NULL
            );
            CREATE INDEX deliveries_due ON deliveries (state, due_at);
            CREATE INDEX deliveries_by_attest ON deliveries (attest_id, destination, version);
            CREATE INDEX deliveries_answer_due ON deliveries (state, answer_due_at);

            CREATE TABLE attempts (
                delivery_id BIGINT NOT NULL REFERENCES deliveries (delivery_id),
                attempt_no  INTEGER NOT NULL,
                started_at  BIGINT NOT NULL,
                duration_ms BIGINT NOT NULL,
                outcome     TEXT NOT NULL,
                error       TEXT
            );
            CREATE INDEX attempts_by_delivery ON attempts (delivery_id);

            CREATE TABLE acks (
                ack_id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                message_id  TEXT NOT NULL,
                agency      TEXT NOT NULL,
                approved    BIGINT NOT NULL,
                reason_code TEXT,
                reference   TEXT,
                outcome     TEXT NOT NULL,
                received_at BIGINT NOT NULL
            );
            CREATE INDEX acks_by_message ON acks (message_id);

            CREATE TABLE audit_events (
                seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at          BIGINT NOT NULL,
                attest_id   TEXT,
                delivery_id BIGINT,
                destination TEXT,
                kind        TEXT NOT NULL,
                detail      TEXT NOT NULL,
                actor       TEXT NOT NULL
            );
            CREATE INDEX audit_by_attest ON audit_events (attest_id, seq);
            """),
        .. PortableMigrations.Steps.Select(step => step.Version == 18 ? (step.Version, step.Sql + LeaseUpdatesInPlace) : step),
        // PostgreSQL's own types for what the portable steps kept as text and numbers: ids as uuid, moments as timestamptz
        // (they were Unix milliseconds), flags as boolean, so the data reads as what it is in psql and a wrong value is refused.
        // The foreign keys on attest_id are dropped and made again around the change of its type.
        (24, $"""
            ALTER TABLE attest_versions DROP CONSTRAINT attest_versions_attest_id_fkey;
            ALTER TABLE deliveries DROP CONSTRAINT deliveries_attest_id_fkey;
            ALTER TABLE attests {Uuid("attest_id")}, {Moment("created_at")}, {Moment("updated_at")}, {Moment("purged_at")},
                ALTER COLUMN cancelled DROP DEFAULT, ALTER COLUMN cancelled TYPE boolean USING cancelled <> 0, ALTER COLUMN cancelled SET DEFAULT FALSE;
            ALTER TABLE attest_versions {Uuid("attest_id")}, {Moment("recorded_at")};
            ALTER TABLE deliveries {Uuid("attest_id")}, {Uuid("message_id")}, {Moment("due_at")}, {Moment("sent_at")}, {Moment("answer_due_at")},
                {Moment("decided_at")}, {Moment("lease_until")}, {Moment("created_at")}, {Moment("updated_at")}, {Moment("asked_at")}, {Moment("next_ask_at")};
            ALTER TABLE attest_versions ADD CONSTRAINT attest_versions_attest_id_fkey FOREIGN KEY (attest_id) REFERENCES attests (attest_id);
            ALTER TABLE deliveries ADD CONSTRAINT deliveries_attest_id_fkey FOREIGN KEY (attest_id) REFERENCES attests (attest_id);
            ALTER TABLE attempts {Moment("started_at")};
            ALTER TABLE acks {Uuid("message_id")}, {Moment("received_at")}, ALTER COLUMN approved TYPE boolean USING approved <> 0;
            ALTER TABLE audit_events {Uuid("attest_id")}, {Moment("at")};
            ALTER TABLE staff_password_upgrades {Moment("upgraded_at")};
            ALTER TABLE protection_passes {Moment("completed_at")};
            ALTER TABLE callback_subscriptions {Moment("registered_at")};
            ALTER TABLE callback_events {Uuid("event_id")}, {Uuid("attest_id")}, {Moment("due_at")}, {Moment("lease_until")}, {Moment("created_at")}, {Moment("sent_at")};
            ALTER TABLE alerts {Moment("fired_at")}, {Moment("resolved_at")}, {Moment("notified_at")};
            ALTER TABLE sector_statistics {Moment("computed_at")};
            ALTER TABLE cross_conflicts {Uuid("attest_id")}, {Uuid("other_attest_id")}, {Moment("at")};
            ALTER TABLE job_leases {Moment("held_until")};
            """),
    ];

    private static string Uuid(string column) => $"ALTER COLUMN {column} TYPE uuid USING {column}::uuid";

    private static string Moment(string column) => $"ALTER COLUMN {column} TYPE timestamptz USING to_timestamp({column} / 1000.0)";

    /// <summary>Room on each page of deliveries (PostgreSQL fills a page to 100 % by default), so the claim's lease update, which
    /// changes no indexed column, can keep the row on its page and write no index entry (a heap-only tuple).</summary>
    private const string LeaseUpdatesInPlace = """
        ALTER TABLE deliveries SET (fillfactor = 70);
        """;
}
