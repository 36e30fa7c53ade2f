using System.Data;
using System.Data.Common;
using Npgsql;
using StatuutHub.Storage.Relational;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Postgres;

/// <summary>The scale-out store: many hub processes on one PostgreSQL database. Claims use
/// <c>FOR UPDATE SKIP LOCKED</c> plus a lease, so two processes never hold the same delivery and a
/// dead process's claims expire; submissions that could conflict take transaction-scoped advisory locks.</summary>
public sealed class PostgresHubStore : RelationalHubStore, IAsyncDisposable
{
    // Advisory lock keys: (class, key). Class 1 = attest id, 2 = INSZ, 3 = schema migrations.
    private const int AttestLockClass = 1;
    private const int InszLockClass = 2;
    private const int MigrationLock = 3;

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Connects with an Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…</c>).</summary>
    public PostgresHubStore(string connectionString, PersonalDataProtector protector, TimeProvider? time = null)
        : base(protector, time ?? TimeProvider.System)
    {
        _dataSource = NpgsqlDataSource.Create(Tuned(connectionString));
    }

    /// <summary>The connection string with what the hub's short, repeated statements need, unless the operator set it:
    /// statements prepared automatically on each pooled connection (parsed and planned once, not per call), and no
    /// <c>DISCARD ALL</c> round trip when a connection goes back to the pool (the hub sets no session state).</summary>
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToLowerInvariant();
        if (!given.Contains("max auto prepare", StringComparison.Ordinal) && !given.Contains("maxautoprepare", StringComparison.Ordinal))
        {
            builder.MaxAutoPrepare = 128;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!given.Contains("no reset on close", StringComparison.Ordinal) && !given.Contains("noresetonclose", StringComparison.Ordinal))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <inheritdoc />
    public override bool IsSharedAcrossProcesses => true;

    /// <inheritdoc />
    public override Task ForgetOverwrittenAsync(CancellationToken ct) =>
        Task.CompletedTask; // dead row versions are PostgreSQL's to reclaim (VACUUM FULL rewrites them away; see SECURITY.md)

    /// <inheritdoc />
    public override Task BackupAsync(string file, CancellationToken ct) =>
        throw new NotSupportedException("A PostgreSQL store is backed up with the server's tools (pg_dump or a base backup); see README, Backups.");

    /// <inheritdoc />
    protected override IReadOnlyList<(int Version, string Sql)> Migrations => PostgresMigrations.Steps;

    /// <inheritdoc />
    protected override string RowLock => "FOR UPDATE";

    /// <inheritdoc />
    protected override int CounterSlots => 64;

    /// <inheritdoc />
    /// <remarks>PostgreSQL keeps moments as timestamptz (given in UTC), ids as uuid and flags as boolean (migration 24). Text goes
    /// untyped, so PostgreSQL types it by where it goes: text in a text column, a uuid where an id is compared or written.</remarks>
    protected override void Bind(DbParameter parameter, object? value)
    {
        var npgsql = (NpgsqlParameter)parameter;
        switch (value)
        {
            case DateTimeOffset at:
                npgsql.Value = at.ToUniversalTime();
                break;
            case string text:
                npgsql.Value = text;
                npgsql.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Unknown;
                break;
            default:
                npgsql.Value = value ?? DBNull.Value;
                break;
        }
    }

    /// <inheritdoc />
    protected override string ClaimLock => " FOR UPDATE OF d SKIP LOCKED";

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    /// <inheritdoc />
    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    /// <inheritdoc />
    /// <remarks>The claim walks each state's due index in order and stops at its batch, planned for the rows at hand each time.
    /// A prepared statement's generic plan, made while a young table was nearly empty, turned a claim of 256 into a sequential
    /// scan per row (1.7 s with 13,800 rows); with lagging statistics the planner read every due row through a bitmap and sorted
    /// (27 ms against 10 ms). No generic plan, no sort and no bitmap leave it only the ordered walk.</remarks>
    protected override IReadOnlyList<string> ClaimPlanSettings => ["SET LOCAL plan_cache_mode = force_custom_plan", "SET LOCAL enable_sort = off", "SET LOCAL enable_bitmapscan = off"];

    /// <inheritdoc />
    protected override (string Sql, (string Name, object? Value)[] Parameters)? SubmitLock(string attestId, string inszLookup) =>
        // Always attest first, then INSZ: one order everywhere, so two submissions cannot deadlock.
        ("SELECT pg_advisory_xact_lock(@c1, hashtext(@a)), pg_advisory_xact_lock(@c2, hashtext(@i))",
            [("@c1", AttestLockClass), ("@a", attestId), ("@c2", InszLockClass), ("@i", inszLookup)]);

    /// <inheritdoc />
    protected override async Task BeforeMigrationAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        if (tx is not null)
        {
            await ExecAsync(connection, tx, "SELECT pg_advisory_xact_lock(@c, 0)", ct, ("@c", MigrationLock));
            return;
        }

        // Several processes may start at once: create the bookkeeping table under the same lock.
        await using var create = await connection.BeginTransactionAsync(ct);
        await ExecAsync(connection, create, "SELECT pg_advisory_xact_lock(@c, 0)", ct, ("@c", MigrationLock));
        await ExecAsync(connection, create, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", ct);
        await create.CommitAsync(ct);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
