using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Storage.Relational;

/// <summary>ADO.NET plumbing: commands with named parameters (kept prepared on SQLite's writer), writes sent together in one
/// round trip where the provider batches (PostgreSQL), and how each engine binds a value (<see cref="Bind"/>).</summary>
public abstract partial class RelationalHubStore
{
    // The prepared commands of each connection that keeps them (the embedded store's single writer), by statement text.
    private readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> _keptCommands = [];

    /// <summary>Keeps one prepared command per statement text on a long-lived connection (SQLite's single writer): Microsoft.Data.Sqlite
    /// compiles a statement anew for every new command, so a writer that makes a new one per write compiles every statement every
    /// time (measured: hub CPU per attest end to end +70 % without this, see docs/performance.md).</summary>
    private protected void KeepCommandsOn(DbConnection connection) => _keptCommands.AddOrUpdate(connection, new Dictionary<string, DbCommand>(StringComparer.Ordinal));

    /// <summary>A new command the caller disposes.</summary>
    protected DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        AddParameters(cmd.Parameters, cmd.CreateParameter, parameters);
        return cmd;
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

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    protected Task<int> ExecAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        WithCommandAsync(c, tx, sql, parameters, command => command.ExecuteNonQueryAsync(ct));

    /// <summary>The first column of the first row, converted to <typeparamref name="T"/> (default when there is none).</summary>
    protected async Task<T> ScalarAsync<T>(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var value = await WithCommandAsync(c, tx, sql, parameters, command => command.ExecuteScalarAsync(ct));
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Reads every row of a query through <paramref name="read"/>.</summary>
    protected Task<List<T>> ReadAllAsync<T>(DbConnection c, DbTransaction? tx, string sql, Func<Row, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        WithCommandAsync(c, tx, sql, parameters, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct))
            {
                rows.Add(read(new Row(reader)));
            }

            return rows;
        });

    /// <summary>Runs <paramref name="run"/> with the connection's kept command for <paramref name="sql"/> (SQLite's writer), or with a
    /// command of its own, disposed afterwards.</summary>
    private async Task<T> WithCommandAsync<T>(DbConnection c, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters, Func<DbCommand, Task<T>> run)
    {
        var kept = KeptCommand(c, tx, sql, parameters);
        await using var owned = kept is null ? Command(c, tx, sql, parameters) : null;
        return await run(kept ?? owned!);
    }

    /// <summary>Writes whose results nobody reads, sent together before the unit reads again or commits: one round trip
    /// on PostgreSQL (a <see cref="DbBatch"/>), one statement after the other where the provider has no batches (SQLite,
    /// whose single writer runs them from its prepared statements in-process).</summary>
    protected sealed class WriteBatch(RelationalHubStore store)
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
                    store.AddTo(batch, sql, parameters);
                }

                await batch.ExecuteNonQueryAsync(ct);
            }
            else
            {
                foreach (var (sql, parameters) in _statements)
                {
                    await store.ExecAsync(c, tx, sql, ct, parameters);
                }
            }

            _statements.Clear();
        }
    }

    /// <summary>Two statements that return rows, in one round trip where the provider batches, one after the other elsewhere;
    /// <paramref name="prelude"/> (a lock), if any, runs first and its result is not read.
    /// On PostgreSQL each statement of a batch runs with a snapshot taken when it starts, after the one before it finished:
    /// a look-up after a lock sees everything committed before the lock was granted, as it would in a round trip of its own.</summary>
    protected async Task<(List<T1> First, List<T2> Second)> ReadPairAsync<T1, T2>(DbConnection c, DbTransaction tx,
        string firstSql, Func<Row, T1> readFirst, (string Name, object? Value)[] firstParameters,
        string secondSql, Func<Row, T2> readSecond, (string Name, object? Value)[] secondParameters, CancellationToken ct,
        (string Sql, (string Name, object? Value)[] Parameters)? prelude = null)
    {
        if (!c.CanCreateBatch)
        {
            if (prelude is var (lockSql, lockParameters))
            {
                await ExecAsync(c, tx, lockSql, ct, lockParameters);
            }

            return (await ReadAllAsync(c, tx, firstSql, readFirst, ct, firstParameters), await ReadAllAsync(c, tx, secondSql, readSecond, ct, secondParameters));
        }

        await using var batch = c.CreateBatch();
        batch.Transaction = tx;
        if (prelude is var (sql, parameters))
        {
            AddTo(batch, sql, parameters);
        }

        AddTo(batch, firstSql, firstParameters);
        AddTo(batch, secondSql, secondParameters);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (prelude is not null)
        {
            await reader.NextResultAsync(ct);
        }

        var first = new List<T1>();
        while (await reader.ReadAsync(ct))
        {
            first.Add(readFirst(new Row(reader)));
        }

        var second = new List<T2>();
        if (await reader.NextResultAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                second.Add(readSecond(new Row(reader)));
            }
        }

        return (first, second);
    }

    private void AddTo(DbBatch batch, string sql, (string Name, object? Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        AddParameters(command.Parameters, command.CreateParameter, parameters);
        batch.BatchCommands.Add(command);
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

    /// <summary>A filter on the states <paramref name="rule"/> holds for, as <c>state IN (@prefix0, …)</c> with their names as
    /// parameters: the domain decides which states a query means, the statement only filters. Made once per rule, so the
    /// statement's text does not change between calls.</summary>
    private sealed class StateFilter
    {
        public StateFilter(Func<DeliveryState, bool> rule, string prefix)
        {
            Parameters = [.. Enum.GetValues<DeliveryState>().Where(rule).Select((state, i) => ($"@{prefix}{i}", (object?)state.ToString()))];
            Sql = $"state IN ({string.Join(", ", Parameters.Select(p => p.Name))})";
        }

        public string Sql { get; }

        public (string Name, object? Value)[] Parameters { get; }
    }

    /// <summary>A cursor before every attest id: the nil uuid orders first both as a uuid (PostgreSQL) and as lower-case text (SQLite).</summary>
    private static readonly string BeforeEveryId = Guid.Empty.ToString("D");

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
