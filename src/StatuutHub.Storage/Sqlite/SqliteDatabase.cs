using System.Data.Common;
using Microsoft.Data.Sqlite;
using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Sqlite;

/// <summary>One SQLite file in WAL mode with <c>synchronous=FULL</c>, so a commit that returned survives a crash or power loss.
/// One hub process per file; writers are serialised by SQLite itself (BEGIN IMMEDIATE), and every unit of writing shares commits
/// through <see cref="GroupCommit"/> on one long-lived writer connection that keeps its prepared commands.</summary>
internal sealed class SqliteDatabase : Database
{
    /// <summary>Log pages after which the writer checkpoints (SQLite's default is 1,000).</summary>
    private const int CheckpointPages = 10_000;

    // SQLite's result codes (sqlite.org/rescode.html): SQLITE_IOERR and SQLITE_FULL.
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;

    private readonly string _connectionString;

    public SqliteDatabase(string databasePath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override bool IsSharedAcrossProcesses => false;

    public override IReadOnlyList<(int Version, string Sql)> Migrations => SqliteMigrations.Steps;

    public override EngineStatements Statements => SqliteStatements.All;

    public override async Task<DbConnection> OpenWriterAsync(CancellationToken ct)
    {
        var writer = await OpenAsync(ct);
        KeepCommandsOn(writer);
        // The writer also claims, so it reads the hot indexes all day: 32 MiB of page cache keeps them in the process instead of
        // one pread per page. A checkpoint writes each page once however often the log holds it: at SQLite's 1,000 pages the hot
        // pages (index roots, counters, the tables' ends) were copied over and over, a third of the writer's page writes.
        await ExecAsync(writer, null, $"PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint={CheckpointPages};", ct);
        return writer;
    }

    public override bool FailsTheStore(Exception failure) => failure is SqliteException { SqliteErrorCode: SqliteIoError or SqliteFull };

    /// <remarks>Old page images stay in the write-ahead log until it is checkpointed and cut back.</remarks>
    public override async Task ForgetOverwrittenAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecAsync(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);", ct);
    }

    /// <remarks>A read transaction of its own (WAL): writers go on, the copy is the store as of its start, compacted.</remarks>
    public override async Task BackupAsync(string file, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecAsync(connection, null, "VACUUM INTO @file", ct, ("@file", file));
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // Per connection: FULL makes each WAL commit durable against power loss, not only a process crash; secure_delete zeroes what
        // an update or delete frees, so content overwritten by re-sealing does not linger in the file.
        await ExecAsync(connection, null, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;", ct);
        return connection;
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    public override async Task BeforeMigrationAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        if (tx is null)
        {
            await ExecAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
        }
    }
}
