using System.Data.Common;
using Microsoft.Data.Sqlite;
using StatuutHub.Storage.Relational;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Sqlite;

/// <summary>The embedded store: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a
/// commit that returned survives a crash or power loss. One hub process per file; writers are
/// serialised by SQLite itself (BEGIN IMMEDIATE), and the hot writes (submit, change, attempt
/// result, ack) share commits through <see cref="GroupCommit"/>.</summary>
public sealed class SqliteHubStore : RelationalHubStore, IAsyncDisposable
{
    /// <summary>Log pages after which the writer checkpoints (SQLite's default is 1,000).</summary>
    private const int CheckpointPages = 10_000;

    private readonly string _connectionString;
    private readonly GroupCommit _groupCommit;

    /// <summary>Opens (and on first use creates) the database at <paramref name="databasePath"/>.</summary>
    public SqliteHubStore(string databasePath, PersonalDataProtector protector, TimeProvider? time = null)
        : base(protector, time ?? TimeProvider.System)
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
        _groupCommit = new GroupCommit(async ct =>
        {
            var writer = await OpenAsync(ct);
            KeepCommandsOn(writer);
            // The writer also claims, so it reads the hot indexes all day: 32 MiB of page cache instead of SQLite's 2 MiB
            // keeps them in the process instead of one pread system call per page (the most frequent system call in the profile).
            // When a unit of a group commit fails, the batch runs again with each unit in a savepoint, whose sub-journal (a copy of every page the unit touches first)
            // spilled to a temporary file after 64 KiB: two pwrites per page, more than the WAL itself. In memory it is a copy.
            // The writer copies the log into the database file (a checkpoint) each time the log holds wal_autocheckpoint pages;
            // a checkpoint writes each page once, however often the log holds it. At SQLite's 1,000 the hot pages (index roots,
            // counters, the tables' ends) were copied over and over: a checkpoint of 1,000 log pages wrote ~870 to the file, a
            // third of the writer's page writes under load (strace, end to end); one of 10,000 (a log of ~40 MB) writes ~2,600.
            await ExecAsync(writer, null, $"PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint={CheckpointPages};", ct);
            return writer;
        });
    }

    /// <inheritdoc />
    protected override Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct) =>
        _groupCommit.RunAsync(work, ct);

    public ValueTask DisposeAsync() => _groupCommit.DisposeAsync();

    /// <inheritdoc />
    public override bool IsSharedAcrossProcesses => false;

    /// <inheritdoc />
    /// <remarks>A read transaction of its own (WAL): writers go on, the copy is the store as of its start, compacted.</remarks>
    public override async Task ForgetOverwrittenAsync(CancellationToken ct)
    {
        // Old page images stay in the write-ahead log until it is checkpointed and cut back.
        await using var connection = await OpenAsync(ct);
        await ExecAsync(connection, null, "PRAGMA wal_checkpoint(TRUNCATE);", ct);
    }

    /// <inheritdoc />
    public override async Task BackupAsync(string file, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "VACUUM INTO @file";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@file";
        parameter.Value = file;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc />
    protected override IReadOnlyList<(int Version, string Sql)> Migrations => SqliteMigrations.Steps;

    /// <inheritdoc />
    protected override string DueIndexHint => "INDEXED BY deliveries_due";

    /// <inheritdoc />
    protected override string ByAttestHint => "INDEXED BY deliveries_by_attest";

    /// <inheritdoc />
    protected override string RowLock => string.Empty;

    /// <inheritdoc />
    protected override string ClaimLock => string.Empty;

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // Per connection: FULL makes each WAL commit durable against power loss, not only a process crash; secure_delete zeroes what
        // an update or delete frees, so content overwritten by re-sealing does not linger in the file.
        await ExecAsync(connection, null, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA secure_delete=ON;", ct);
        return connection;
    }

    /// <inheritdoc />
    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    /// <inheritdoc />
    protected override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    /// <inheritdoc />
    protected override (string Sql, (string Name, object? Value)[] Parameters)? SubmitLock(string attestId, string inszLookup) =>
        null; // BEGIN IMMEDIATE already admits one writer at a time

    /// <inheritdoc />
    protected override async Task BeforeMigrationAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        if (tx is null)
        {
            await ExecAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
        }
    }
}
