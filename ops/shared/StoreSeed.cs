using Microsoft.Data.Sqlite;
using StatuutHub.Storage.Sqlite;

namespace StatuutHub.Ops;

/// <summary>Fills an embedded store with generated attests straight in SQL (one transaction): each with
/// its version and four deliveries, one attest every 6.3 minutes back from now, with exact counters.
/// <paramref name="withFailures"/>: 1% dead letters, 1% retry scheduled, 3% waiting for a decision, the
/// rest acknowledged; otherwise all acknowledged, as a store looks after quiet operation.</summary>
public static class StoreSeed
{
    public static async Task SeedAsync(string databasePath, int attests, bool withFailures)
    {
        await using (var store = new SqliteHubStore(databasePath, StatuutHub.Tests.Shared.TestPersonalData.Protector()))
        {
            await store.MigrateAsync(default);
        }

        await InsertAsync(databasePath, attests, withFailures);

        // The content went in clear (one SQL statement per table); seal it as the hub would have, before the hub opens the store.
        await using var sealing = new SqliteHubStore(databasePath, StatuutHub.Tests.Shared.TestPersonalData.Protector());
        StatuutHub.Storage.Contract.ProtectionCursor? cursor = null;
        do
        {
            cursor = (await sealing.ReprotectAsync(cursor, 5_000, default)).Next;
        }
        while (cursor is not null);
    }

    private static async Task InsertAsync(string databasePath, int attests, bool withFailures)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        await using var tx = connection.BeginTransaction();
        var template = """{"attestId":"ID","kind":"AMA_WSE","initiative":{"kbo":"0123456749","name":"De Keiberg vzw"},"participant":{"insz":"85073003328","familyName":"Peeters","givenName":"An","birthDate":"1985-07-30","residenceNis":"44021","landsbond":"100"},"benefits":["UNEMPLOYMENT","INCAPACITY","SOCIAL_INTEGRATION"],"activity":{"startDate":"2027-01-04","endDate":"2027-12-31","hoursPerWeek":16,"workplace":"Atelier","expenseAllowancePerDay":4.5}}""";
        var state = withFailures
            ? "CASE WHEN a.rowid % 100 = 0 THEN 'DeadLettered' WHEN a.rowid % 100 = 1 THEN 'RetryScheduled' WHEN a.rowid % 100 < 5 THEN 'Sent' ELSE 'Acknowledged' END"
            : "'Acknowledged'";
        var error = withFailures ? "CASE WHEN a.rowid % 100 < 2 THEN 'agency answered 503 Service Unavailable: agency down' END" : "NULL";
        string[] statements =
        [
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
            INSERT INTO attests (attest_id, initiative_kbo, insz, start_date, end_date, current_version, first_hash, current_hash, cancelled, created_at, updated_at)
            SELECT printf('%08x-0000-4000-8000-%012x', i, i), CASE WHEN i % 50 = 0 THEN '0417497106' ELSE '0123456749' END,
                   'h1:seed-' || i, '2027-01-04', '2027-12-31', 1, 'seed', 'seed', 0, @now - (i * 378000), @now FROM n
            """,
            """
            INSERT INTO attest_versions (attest_id, version, change, content_json, recorded_at)
            SELECT attest_id, 1, 'Submitted', replace(@template, 'ID', attest_id), created_at FROM attests
            """,
            $"""
            WITH d(k, destination) AS (VALUES (0, 'rva'), (1, 'mutualiteit-100'), (2, 'ocmw-44021'), (3, 'dimona'))
            INSERT INTO deliveries (message_id, attest_id, version, destination, message_kind, state, attempts, due_at, created_at, updated_at, reference, last_error)
            SELECT printf('%08x-%04x-7000-8000-%012x', a.rowid, d.k, a.rowid), a.attest_id, 1, d.destination, 'Create',
                   {state}, CASE WHEN a.rowid % 100 < 2 AND {(withFailures ? 1 : 0)} = 1 THEN 3 ELSE 1 END, a.created_at, a.created_at, a.created_at, '100000000001', {error}
            FROM attests a CROSS JOIN d
            """,
            "INSERT INTO delivery_counters (destination, state, slot, n) SELECT destination, state, 0, COUNT(*) FROM deliveries GROUP BY destination, state",
        ];
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            command.Parameters.AddWithValue("@count", attests);
            command.Parameters.AddWithValue("@now", now);
            command.Parameters.AddWithValue("@template", template);
            await command.ExecuteNonQueryAsync();
        }

        await tx.CommitAsync();
        await using var analyze = connection.CreateCommand();
        // One huge transaction leaves a WAL the size of the database; a store that grew by normal use has
        // checkpointed all along. Without this, every read first searches gigabytes of WAL index.
        analyze.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
        await analyze.ExecuteNonQueryAsync();
    }
}
