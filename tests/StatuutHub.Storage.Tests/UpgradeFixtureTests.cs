using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Postgres;
using StatuutHub.Storage.Sqlite;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Storage.Tests;

/// <summary>A store written by an earlier release (<c>Fixtures/README.md</c>: twelve attests, deliveries in every state) is
/// migrated in place by this code and every attest carries on: each is Recognised, but the refused one and the cancelled one,
/// and every audit chain stays intact.</summary>
public abstract class UpgradeFixtureTests
{
    /// <summary>Ten days after the fixture was written: every lease ran out, every retry is due, no renewal is.</summary>
    private static readonly DateTimeOffset Later = new(2026, 12, 11, 9, 0, 0, TimeSpan.Zero);

    protected static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>A copy of the fixture, opened with this code.</summary>
    protected abstract Task<IHubStore> OpenFixtureAsync();

    [Fact]
    public async Task TheEarlierReleasesStore_IsUpgradedInPlace_AndEveryAttestCarriesOn()
    {
        var store = await OpenFixtureAsync();
        try
        {
            await store.MigrateAsync(default);
            if (!store.IsSharedAcrossProcesses)
            {
                await store.ReleaseAllLeasesAsync(default); // what the hub does at start-up: whoever held them is gone
            }

            var resealed = await ResealAsync(store);
            Assert.True(resealed > 0, "the fixture's versions are sealed in the earlier format and are re-sealed at start-up");

            var attests = (await store.SearchAttestsAsync(null, null, "0123456749", default)).Select(a => a.AttestId).ToArray();
            Assert.Equal(12, attests.Length);
            for (var round = 0; round < 10 && await CarryOnAsync(store, attests) > 0; round++)
            {
            }

            var statuses = new Dictionary<AttestStatus, int>();
            foreach (var id in attests)
            {
                var view = (await store.GetAttestAsync(id, default))!;
                statuses[view.Status] = statuses.GetValueOrDefault(view.Status) + 1;
                Assert.DoesNotContain(view.Deliveries, d => d.Kind != MessageKind.Renew && d.State is DeliveryState.Pending or DeliveryState.Sent or DeliveryState.RetryScheduled
                    or DeliveryState.DeadLettered or DeliveryState.Overdue or DeliveryState.Waiting);
            }

            Assert.Equal(new Dictionary<AttestStatus, int> { [AttestStatus.Recognised] = 10, [AttestStatus.Refused] = 1, [AttestStatus.Cancelled] = 1 }, statuses);
            var audit = await store.VerifyAuditAsync(default);
            Assert.True(audit.Intact, audit.Reason);
        }
        finally
        {
            await ((IAsyncDisposable)store).DisposeAsync();
        }
    }

    /// <summary>The hub's start-up pass: every version not sealed with the current format and key is sealed again.</summary>
    private static async Task<int> ResealAsync(IHubStore store)
    {
        var resealed = 0;
        ProtectionCursor? cursor = null;
        do
        {
            var batch = await store.ReprotectAsync(cursor, 100, default);
            (resealed, cursor) = (resealed + batch.Resealed, batch.Next);
        }
        while (cursor is not null);

        return resealed;
    }

    /// <summary>One round of what the hub and the agencies do: what is due is sent (Dimona answers at once, the others later), what
    /// awaits a decision is approved, a dead letter is requeued by support. Returns how much moved.</summary>
    private static async Task<int> CarryOnAsync(IHubStore store, Guid[] attests)
    {
        var moved = 0;
        foreach (var d in await store.ClaimDueDeliveriesAsync("upgraded", Later, Later.AddMinutes(5), 100, default))
        {
            var to = d.Destination.Kind == DestinationKind.Dimona ? DeliveryState.Acknowledged : DeliveryState.Sent;
            await store.CompleteAttemptAsync("upgraded", new AttemptRecord(d.DeliveryId, d.State, to, d.Attempts + 1, Later, TimeSpan.FromMilliseconds(5),
                "ok", null, null, to == DeliveryState.Sent ? Later.AddDays(14) : null, null, null), default);
            moved++;
        }

        foreach (var id in attests)
        {
            var deliveries = (await store.GetAttestAsync(id, default))!.Deliveries;
            foreach (var d in deliveries.Where(d => d.State is DeliveryState.Sent or DeliveryState.Overdue))
            {
                Assert.True(Destination.TryParse(d.Destination, out var destination));
                var outcome = await store.ApplyAckAsync(new AgencyAck(destination.Kind, d.MessageId, true, null, null, "UPGRADED-" + d.DeliveryId, Later), default);
                Assert.Equal(AckOutcome.Applied, outcome);
                moved++;
            }

            var dead = deliveries.Where(d => d.State == DeliveryState.DeadLettered).Select(d => d.DeliveryId).ToArray();
            if (dead.Length > 0)
            {
                await store.RequeueAsync(dead, "support", Later, default);
                moved += dead.Length;
            }
        }

        return moved;
    }
}

public sealed class SqliteUpgradeFixtureTests : UpgradeFixtureTests, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "statuut-upgrade-" + Guid.NewGuid().ToString("N"));

    protected override Task<IHubStore> OpenFixtureAsync()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "statuut.db");
        File.Copy(Fixture("upgrade-fixture.db"), file);
        return Task.FromResult<IHubStore>(new SqliteHubStore(file, TestPersonalData.Protector()));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresUpgradeFixtureTests(PostgresFixture postgres) : UpgradeFixtureTests
{
    private string? _connection;

    protected override async Task<IHubStore> OpenFixtureAsync()
    {
        _connection = await postgres.Cluster.CreateDatabaseAsync();
        await postgres.Cluster.RestoreAsync(Fixture("upgrade-fixture.pgdump"), _connection);
        return new PostgresHubStore(_connection, TestPersonalData.Protector());
    }

    /// <summary>Migration 24 turns the earlier release's text ids, millisecond numbers and 0/1 flags into PostgreSQL's own types.
    /// That every moment kept its value to the millisecond the other test shows: each audit event's hash covers its time in
    /// milliseconds, and the chains verify after the upgrade.</summary>
    [Fact]
    public async Task TheUpgradedStore_KeepsIdsMomentsAndFlags_InPostgresTypes()
    {
        await using (var store = (PostgresHubStore)await OpenFixtureAsync())
        {
            await store.MigrateAsync(default);
        }

        await using var db = new Npgsql.NpgsqlConnection(_connection);
        await db.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT table_name || '.' || column_name, data_type FROM information_schema.columns
            WHERE table_schema = 'public' AND (column_name LIKE '%\_at' OR column_name LIKE '%\_until' OR column_name IN ('at', 'attest_id', 'message_id', 'event_id', 'other_attest_id', 'cancelled', 'approved'))
            """, db);
        var types = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                types[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Equal("uuid", types["attests.attest_id"]);
        Assert.Equal("uuid", types["deliveries.message_id"]);
        Assert.Equal("uuid", types["callback_events.event_id"]);
        Assert.Equal("boolean", types["attests.cancelled"]);
        Assert.Equal("boolean", types["acks.approved"]);
        Assert.Equal("text", types["schema_migrations.applied_at"]); // the bookkeeping's own column, written as ISO text
        Assert.All(types.Where(t => t.Key != "schema_migrations.applied_at" && (t.Key.EndsWith("_at", StringComparison.Ordinal) || t.Key.EndsWith("_until", StringComparison.Ordinal) || t.Key.EndsWith(".at", StringComparison.Ordinal))),
            t => Assert.True(t.Value == "timestamp with time zone", $"{t.Key} is {t.Value}"));
        Assert.Contains("audit_events.at", types.Keys);
        Assert.Contains("deliveries.next_ask_at", types.Keys);
    }
}
