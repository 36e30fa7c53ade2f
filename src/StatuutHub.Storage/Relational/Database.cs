using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace StatuutHub.Storage.Relational;

/// <summary>One database engine as the store uses it: connections and transactions, how a unit of writing is committed, how a
/// value is bound, and the engine's own statements (<see cref="EngineStatements"/>). Everything else in the store is the same text
/// for both engines. ADO.NET with named parameters; rows are read by column name (<see cref="Row"/>).</summary>
internal abstract class Database : IAsyncDisposable
{
    private readonly Lazy<GroupCommit> _groupCommit;

    protected Database() => _groupCommit = new Lazy<GroupCommit>(() => new GroupCommit(this));

    // The prepared commands of each connection that keeps them (the embedded store's single writer), by statement text.
    private readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> _keptCommands = [];

    /// <summary>True when several hub processes share this database.</summary>
    public abstract bool IsSharedAcrossProcesses { get; }

    /// <summary>The numbered schema steps of this engine.</summary>
    public abstract IReadOnlyList<(int Version, string Sql)> Migrations { get; }

    /// <summary>The statements this engine writes its own way (row locks, index hints, advisory locks).</summary>
    public abstract EngineStatements Statements { get; }

    /// <summary>How many rows each delivery count is spread over: one for a single writer, more where concurrent transactions
    /// would otherwise queue for the same row.</summary>
    public virtual int CounterSlots => 1;

    /// <summary>An open connection with the engine's per-connection settings.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A transaction that will write (SQLite: BEGIN IMMEDIATE, one writer at a time).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A transaction that only reads, for a consistent view of one attest.</summary>
    public virtual async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) => await connection.BeginTransactionAsync(ct);

    /// <summary>Runs once before the migrations (SQLite: WAL mode) and inside each migration step (PostgreSQL: a lock).</summary>
    public abstract Task BeforeMigrationAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct);

    /// <inheritdoc cref="Contract.IStoreLifecycle.BackupAsync"/>
    public abstract Task BackupAsync(string file, CancellationToken ct);

    /// <inheritdoc cref="Contract.IStoreLifecycle.ForgetOverwrittenAsync"/>
    public abstract Task ForgetOverwrittenAsync(CancellationToken ct);

    /// <summary>Runs one unit of writing in a write transaction and commits it, sharing the commit with the units other callers
    /// handed in meanwhile (<see cref="GroupCommit"/>); each unit sees the writes of the units before it, and its result is returned
    /// only after the commit.</summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct, WriteLane lane = WriteLane.Changes) =>
        _groupCommit.Value.RunAsync(work, lane, ct);

    /// <summary>How many connections the group commit writes on: one, or one per <see cref="WriteLane"/>.</summary>
    public virtual int Writers => 1;

    /// <summary>The connection the group commit writes on, for the life of the store.</summary>
    public virtual Task<DbConnection> OpenWriterAsync(CancellationToken ct) => OpenAsync(ct);

    /// <summary>True when <paramref name="failure"/> is the store's (a lost connection, an I/O error, a full disk) rather than one
    /// unit's own (a constraint, a bug, its caller's cancellation): it ends the whole batch.</summary>
    public abstract bool FailsTheStore(Exception failure);

    /// <summary>True when <paramref name="failure"/> is a transaction that lost to another one (a deadlock) and may simply run again.</summary>
    public virtual bool IsConflict(Exception failure) => false;

    public virtual async ValueTask DisposeAsync()
    {
        if (_groupCommit.IsValueCreated)
        {
            await _groupCommit.Value.DisposeAsync();
        }
    }

    /// <summary>Sets a parameter to a value as this engine stores it. The store passes values as what they are (a moment, an id,
    /// a flag); SQLite keeps a moment as Unix milliseconds, an id as its text and a flag as 0 or 1 (<see cref="Row"/> reads them
    /// back). Null goes as SQL NULL.</summary>
    protected virtual void Bind(DbParameter parameter, object? value) => parameter.Value = value switch
    {
        null => DBNull.Value,
        DateTimeOffset at => at.ToUnixTimeMilliseconds(),
        Guid id => id.ToString("D"),
        bool flag => flag ? 1L : 0L,
        _ => value,
    };

    /// <summary>Keeps one prepared command per statement text on a long-lived connection (SQLite's single writer): Microsoft.Data.Sqlite
    /// compiles a statement anew for every new command, so a writer that makes a new one per write compiles every statement every
    /// time (measured: hub CPU per attest end to end +70 % without this, see docs/performance.md).</summary>
    protected void KeepCommandsOn(DbConnection connection) => _keptCommands.AddOrUpdate(connection, new Dictionary<string, DbCommand>(StringComparer.Ordinal));

    /// <summary>A new command the caller disposes.</summary>
    public DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        AddParameters(cmd.Parameters, cmd.CreateParameter, parameters);
        return cmd;
    }

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    public Task<int> ExecAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        WithCommandAsync(c, tx, sql, parameters, command => command.ExecuteNonQueryAsync(ct));

    /// <summary>The first column of the first row, converted to <typeparamref name="T"/> (default when there is none).</summary>
    public async Task<T> ScalarAsync<T>(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var value = await WithCommandAsync(c, tx, sql, parameters, command => command.ExecuteScalarAsync(ct));
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Reads every row of a query through <paramref name="read"/>.</summary>
    public Task<List<T>> ReadAllAsync<T>(DbConnection c, DbTransaction? tx, string sql, Func<Row, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        WithCommandAsync(c, tx, sql, parameters, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await ReadRowsAsync(reader, read, ct);
        });

    /// <summary>Two statements that return rows, in one round trip where the provider batches, one after the other elsewhere;
    /// <paramref name="prelude"/> (a lock), if any, runs first and its result is not read.
    /// On PostgreSQL each statement of a batch runs with a snapshot taken when it starts, after the one before it finished:
    /// a look-up after a lock sees everything committed before the lock was granted, as it would in a round trip of its own.</summary>
    public async Task<(List<T1> First, List<T2> Second)> ReadPairAsync<T1, T2>(DbConnection c, DbTransaction tx,
        (string Sql, (string Name, object? Value)[] Parameters) first, Func<Row, T1> readFirst,
        (string Sql, (string Name, object? Value)[] Parameters) second, Func<Row, T2> readSecond, CancellationToken ct,
        (string Sql, (string Name, object? Value)[] Parameters)? prelude = null)
    {
        if (!c.CanCreateBatch)
        {
            if (prelude is var (lockSql, lockParameters))
            {
                await ExecAsync(c, tx, lockSql, ct, lockParameters);
            }

            return (await ReadAllAsync(c, tx, first.Sql, readFirst, ct, first.Parameters), await ReadAllAsync(c, tx, second.Sql, readSecond, ct, second.Parameters));
        }

        await using var batch = c.CreateBatch();
        batch.Transaction = tx;
        if (prelude is var (sql, parameters))
        {
            AddTo(batch, sql, parameters);
        }

        AddTo(batch, first.Sql, first.Parameters);
        AddTo(batch, second.Sql, second.Parameters);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (prelude is not null)
        {
            await reader.NextResultAsync(ct);
        }

        var firstRows = await ReadRowsAsync(reader, readFirst, ct);
        return (firstRows, await reader.NextResultAsync(ct) ? await ReadRowsAsync(reader, readSecond, ct) : []);
    }

    /// <summary>Writes whose results nobody reads, sent together before the unit reads again or commits: one round trip
    /// on PostgreSQL (a <see cref="DbBatch"/>), one statement after the other where the provider has no batches (SQLite,
    /// whose single writer runs them from its prepared statements in-process).</summary>
    public sealed class WriteBatch(Database db)
    {
        private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _statements = [];

        public void Add(string sql, params (string Name, object? Value)[] parameters) => _statements.Add((sql, parameters));

        public async Task RunAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
        {
            if (c.CanCreateBatch && _statements.Count > 1)
            {
                await using var batch = c.CreateBatch();
                batch.Transaction = tx;
                foreach (var (sql, parameters) in _statements)
                {
                    db.AddTo(batch, sql, parameters);
                }

                await batch.ExecuteNonQueryAsync(ct);
            }
            else
            {
                foreach (var (sql, parameters) in _statements)
                {
                    await db.ExecAsync(c, tx, sql, ct, parameters);
                }
            }

            _statements.Clear();
        }
    }

    private static async Task<List<T>> ReadRowsAsync<T>(DbDataReader reader, Func<Row, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(new Row(reader)));
        }

        return rows;
    }

    private void AddTo(DbBatch batch, string sql, (string Name, object? Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        AddParameters(command.Parameters, command.CreateParameter, parameters);
        batch.BatchCommands.Add(command);
    }

    /// <summary>Adds the values to a command's (or a batch command's) parameters by name, each as <see cref="Bind"/> stores it.</summary>
    private void AddParameters(DbParameterCollection target, Func<DbParameter> create, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            Bind(parameter, value);
            target.Add(parameter);
        }
    }

    /// <summary>Runs <paramref name="run"/> with the connection's kept command for <paramref name="sql"/> (SQLite's writer), or with a
    /// command of its own, disposed afterwards.</summary>
    private async Task<T> WithCommandAsync<T>(DbConnection c, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters, Func<DbCommand, Task<T>> run)
    {
        var kept = KeptCommand(c, tx, sql, parameters);
        await using var owned = kept is null ? Command(c, tx, sql, parameters) : null;
        return await run(kept ?? owned!);
    }

    /// <summary>The kept command for <paramref name="sql"/> with these values, where <paramref name="c"/> keeps its commands; null elsewhere.</summary>
    private DbCommand? KeptCommand(DbConnection c, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        if (!_keptCommands.TryGetValue(c, out var kept))
        {
            return null;
        }

        if (!kept.TryGetValue(sql, out var command))
        {
            return kept[sql] = Command(c, tx, sql, parameters);
        }

        command.Transaction = tx;
        command.Parameters.Clear();
        AddParameters(command.Parameters, command.CreateParameter, parameters);
        return command;
    }
}
