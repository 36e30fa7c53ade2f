using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace StatuutHub.Storage.Relational;

/// <summary>ADO.NET plumbing: commands with parameters, prepared statements kept on a long-lived
/// connection, and the column conversions (times as Unix milliseconds, days as ISO dates).</summary>
public abstract partial class RelationalHubStore
{
    // Per store instance: the statements of each connection that keeps them (the embedded store's writer).
    private readonly ConditionalWeakTable<DbConnection, IKeptStatements> _keptStatements = [];

    // The units whose last batch carried their COMMIT (WriteBatch.CommitAsync): WriteAsync does not commit them again.
    private readonly ConditionalWeakTable<DbTransaction, RelationalHubStore> _committedInBatch = [];

    /// <summary>Runs the statements on a long-lived connection (the embedded store's single writer) through <paramref name="kept"/>,
    /// so the same statement is compiled once instead of once per write. Other connections run ordinary commands.</summary>
    private protected void KeepStatementsOn(DbConnection connection, IKeptStatements kept) => _keptStatements.AddOrUpdate(connection, kept);

    // PostgreSQL: each statement's placeholders rewritten once to positional ones (see PositionalPlaceholders); SQLite: named.
    private PositionalPlaceholders? _positional;

    /// <summary>Binds values by position, the statement texts rewritten once each (PostgreSQL: Npgsql then sends them unparsed).</summary>
    protected void BindByPosition() => _positional = new PositionalPlaceholders();

    /// <summary>A new command the caller disposes.</summary>
    protected DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = Bind(sql, cmd.Parameters, cmd.CreateParameter, parameters);
        return cmd;
    }

    /// <summary>Adds the values to a command's (or a batch command's) parameters, by name or, where the store binds by position,
    /// in the order the statement uses them; null goes as SQL NULL. Returns the text to run.</summary>
    private string Bind(string sql, DbParameterCollection target, Func<DbParameter> create, (string Name, object? Value)[] parameters)
    {
        if (parameters.Length > 0 && _positional?.For(sql) is { } positional)
        {
            for (var i = 0; i < positional.Names.Length; i++)
            {
                var parameter = create();
                parameter.Value = ValueOf(parameters, i, positional.Names[i], sql) ?? DBNull.Value;
                target.Add(parameter);
            }

            return positional.Text;
        }

        foreach (var (name, value) in parameters)
        {
            var parameter = create();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            target.Add(parameter);
        }

        return sql;
    }

    /// <summary>The value named <paramref name="name"/>, looked for first at <paramref name="position"/> (where it is when the values
    /// were given in the order the statement first uses them, as a many-row statement's are: no search through hundreds).</summary>
    private static object? ValueOf((string Name, object? Value)[] parameters, int position, string name, string sql)
    {
        if (position < parameters.Length && string.Equals(parameters[position].Name, name, StringComparison.OrdinalIgnoreCase))
        {
            return parameters[position].Value;
        }

        foreach (var (given, value) in parameters)
        {
            if (string.Equals(given, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new InvalidOperationException($"The statement uses {name}, which has no value: {sql}");
    }

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    protected async Task<int> ExecAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        if (Kept(c) is { } kept && kept.TryExecute(sql, parameters, ct, out var changed))
        {
            return changed;
        }

        await using var command = Command(c, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The first column of the first row, converted to <typeparamref name="T"/> (default when there is none).</summary>
    protected async Task<T> ScalarAsync<T>(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        object? value;
        if (Kept(c) is { } kept && kept.TryRead(sql, parameters, r => r.GetValue(0), 1, ct, out var rows))
        {
            value = rows.Count > 0 ? rows[0] : null;
        }
        else
        {
            await using var command = Command(c, tx, sql, parameters);
            value = await command.ExecuteScalarAsync(ct);
        }

        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Reads every row of a query through <paramref name="read"/>.</summary>
    protected async Task<List<T>> ReadAllAsync<T>(DbConnection c, DbTransaction? tx, string sql, Func<DbDataReader, T> read, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        if (Kept(c) is { } kept && kept.TryRead(sql, parameters, read, int.MaxValue, ct, out var keptRows))
        {
            return keptRows;
        }

        await using var command = Command(c, tx, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(read(reader));
        }

        return rows;
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

        /// <summary>Runs the writes added so far as the unit's last statements. Where the provider batches, the unit's COMMIT goes
        /// in the same batch (one round trip fewer per unit on PostgreSQL) and the unit is not committed again; elsewhere the unit
        /// commits as usual after its work returns. Nothing may run on <paramref name="tx"/> after this.</summary>
        public async Task CommitAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
        {
            if (!c.CanCreateBatch)
            {
                await RunAsync(c, tx, ct);
                return;
            }

            _statements.Add(("COMMIT", []));
            await RunAsync(c, tx, ct);
            store._committedInBatch.AddOrUpdate(tx, store);
        }

        /// <summary>Runs the writes added so far and then <paramref name="sql"/>, in one round trip where the provider batches;
        /// returns the rows of <paramref name="sql"/> (a query or a write with RETURNING), which sees the writes before it.</summary>
        public async Task<List<T>> ReadAsync<T>(DbConnection c, DbTransaction tx, string sql, Func<DbDataReader, T> read, CancellationToken ct,
            params (string Name, object? Value)[] parameters)
        {
            if (!c.CanCreateBatch || _statements.Count == 0)
            {
                await RunAsync(c, tx, ct);
                return await store.ReadAllAsync(c, tx, sql, read, ct, parameters);
            }

            _statements.Add((sql, parameters));
            var rows = await store.ReadAfterWritesAsync(c, tx, _statements, read, ct);
            _statements.Clear();
            return rows;
        }
    }

    /// <summary>Two statements that return rows, in one round trip where the provider batches, one after the other elsewhere;
    /// <paramref name="setting"/> (a planner setting for the transaction), then <paramref name="prelude"/> (a lock), if any, run
    /// first and their results are not read.
    /// On PostgreSQL each statement of a batch runs with a snapshot taken when it starts, after the one before it finished:
    /// a look-up after a lock sees everything committed before the lock was granted, as it would in a round trip of its own.</summary>
    protected async Task<(List<T1> First, List<T2> Second)> ReadPairAsync<T1, T2>(DbConnection c, DbTransaction tx,
        string firstSql, Func<DbDataReader, T1> readFirst, (string Name, object? Value)[] firstParameters,
        string secondSql, Func<DbDataReader, T2> readSecond, (string Name, object? Value)[] secondParameters, CancellationToken ct,
        (string Sql, (string Name, object? Value)[] Parameters)? prelude = null, string? setting = null)
    {
        if (!c.CanCreateBatch)
        {
            if (setting is not null)
            {
                await ExecAsync(c, tx, setting, ct);
            }

            if (prelude is var (lockSql, lockParameters))
            {
                await ExecAsync(c, tx, lockSql, ct, lockParameters);
            }

            return (await ReadAllAsync(c, tx, firstSql, readFirst, ct, firstParameters), await ReadAllAsync(c, tx, secondSql, readSecond, ct, secondParameters));
        }

        await using var batch = c.CreateBatch();
        batch.Transaction = tx;
        if (setting is not null)
        {
            AddTo(batch, setting, []); // returns no rows, so the reader does not stop at it
        }

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
            first.Add(readFirst(reader));
        }

        var second = new List<T2>();
        if (await reader.NextResultAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                second.Add(readSecond(reader));
            }
        }

        return (first, second);
    }

    /// <summary>Runs a batch whose last statement alone returns rows (the writes before it have no RETURNING) and reads them.</summary>
    private async Task<List<T>> ReadAfterWritesAsync<T>(DbConnection c, DbTransaction tx, List<(string Sql, (string Name, object? Value)[] Parameters)> statements,
        Func<DbDataReader, T> read, CancellationToken ct)
    {
        await using var batch = c.CreateBatch();
        batch.Transaction = tx;
        foreach (var (sql, parameters) in statements)
        {
            AddTo(batch, sql, parameters);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        do
        {
            while (reader.FieldCount > 0 && await reader.ReadAsync(ct))
            {
                rows.Add(read(reader));
            }
        }
        while (await reader.NextResultAsync(ct));
        return rows;
    }

    private void AddTo(DbBatch batch, string sql, (string Name, object? Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = Bind(sql, command.Parameters, command.CreateParameter, parameters);
        batch.BatchCommands.Add(command);
    }

    private IKeptStatements? Kept(DbConnection c) => _keptStatements.TryGetValue(c, out var kept) ? kept : null;

    // Many-row forms of single-row INSERTs, by text and row count (a handful of texts, counts up to a batch's size).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Sql, int Rows), string> ManyRowTexts = new();

    /// <summary>A single-row <c>INSERT … VALUES (@a, @b)</c> for <paramref name="rows"/> rows, row k's placeholders numbered
    /// (<c>@a_k</c>, see <see cref="AddRow"/>): one statement for the server where there would be one per row.</summary>
    private static string ManyRows(string insertOneRow, int rows) => ManyRowTexts.GetOrAdd((insertOneRow, rows), key =>
    {
        var values = key.Sql.LastIndexOf("VALUES", StringComparison.Ordinal);
        var row = key.Sql[(values + "VALUES".Length)..].Trim();
        return key.Sql[..values] + "VALUES " + string.Join(", ", Enumerable.Range(0, key.Rows).Select(k =>
            System.Text.RegularExpressions.Regex.Replace(row, @"@\w+", m => $"{m.Value}_{k}")));
    });

    /// <summary>Row <paramref name="k"/>'s values of a <see cref="ManyRows"/> statement, added in order.</summary>
    private static void AddRow(List<(string, object?)> values, (string Name, object? Value)[] row, int k)
    {
        var suffix = "_" + k.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in row)
        {
            values.Add((name + suffix, value));
        }
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? OptionalMs(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : FromMs(reader.GetInt64(i));

    private static string? OptionalText(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
