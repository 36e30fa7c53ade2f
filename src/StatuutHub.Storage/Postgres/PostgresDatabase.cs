using System.Data;
using System.Data.Common;
using Npgsql;
using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Postgres;

/// <summary>Many hub processes on one PostgreSQL database. Claims use <c>FOR UPDATE SKIP LOCKED</c> plus a lease, so two processes
/// never hold the same delivery and a dead process's claims expire; submissions that could conflict take transaction-scoped
/// advisory locks (<see cref="PostgresStatements"/>).</summary>
internal sealed class PostgresDatabase(string connectionString) : Database
{
    // Advisory lock class of the schema migrations (1 and 2 are the submission's: see PostgresStatements.SubmitLock).
    private const int MigrationLock = 3;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(PostgresHubStore.Tuned(connectionString));

    public override bool IsSharedAcrossProcesses => true;

    public override IReadOnlyList<(int Version, string Sql)> Migrations => PostgresMigrations.Steps;

    public override EngineStatements Statements => PostgresStatements.All;

    public override int CounterSlots => 64;

    /// <remarks>One per <see cref="WriteLane"/>: while the database runs one writer's statements, the hub prepares the other's
    /// (docs/performance.md: the floor table, and the log of 2026-12-07, night).</remarks>
    public override int Writers => 2;

    /// <remarks>Dead row versions are PostgreSQL's to reclaim (VACUUM FULL rewrites them away; see SECURITY.md).</remarks>
    public override Task ForgetOverwrittenAsync(CancellationToken ct) => Task.CompletedTask;

    public override Task BackupAsync(string file, CancellationToken ct) =>
        throw new NotSupportedException("A PostgreSQL store is backed up with the server's tools (pg_dump or a base backup); see README, Backups.");

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

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) => await _dataSource.OpenConnectionAsync(ct);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    public override async Task BeforeMigrationAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
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

    /// <remarks>A failure the server did not answer with (the connection lost, a timeout), or one of the server itself: connection
    /// (class 08), resources (53), shutdown or crash (57P), system (58) — postgresql.org/docs/current/errcodes-appendix.html.</remarks>
    public override bool FailsTheStore(Exception failure) => failure switch
    {
        PostgresException e => e.SqlState[..2] is "08" or "53" or "58" || e.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        _ => false,
    };

    /// <remarks>40P01 deadlock_detected, 40001 serialization_failure.</remarks>
    public override bool IsConflict(Exception failure) => failure is PostgresException { SqlState: "40P01" or "40001" };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
