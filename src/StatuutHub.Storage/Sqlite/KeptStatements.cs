using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Sqlite;

/// <summary>The writer's statements, prepared once and run straight on SQLite. Microsoft.Data.Sqlite binds every value by name
/// on every run (the name converted to UTF-8 and looked up among the statement's, ~380 look-ups per attest end to end) and wraps
/// each run in a command, a reader and their tasks; here a statement's values are bound by position, the positions found once per
/// statement text, and rows are read in place. Only values it binds exactly as Microsoft.Data.Sqlite would (text, integers,
/// booleans, reals, null) are taken; a statement with any other value goes through an ordinary command.
/// One connection, used by one unit at a time (the group commit's writer); the statements are finalised when it closes.</summary>
internal sealed class KeptStatements : IKeptStatements
{
    private const uint PreparePersistent = 0x01; // SQLITE_PREPARE_PERSISTENT: kept for many runs

    // As Microsoft.Data.Sqlite's commands: a statement whose first step finds the database busy or locked is reset and stepped
    // again until the command timeout. SQLite's busy handler does not cover every case: during the WAL recovery that follows a
    // killed process, and when a read snapshot went stale, it answers SQLITE_BUSY at once.
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BusyPause = TimeSpan.FromMilliseconds(20);
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, Prepared> _statements = new(StringComparer.Ordinal);

    public KeptStatements(SqliteConnection connection)
    {
        _connection = connection;
        _connection.StateChange += (_, e) =>
        {
            if (e.CurrentState == ConnectionState.Closed)
            {
                FinalizeAll();
            }
        };
    }

    private sqlite3 Db => _connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");

    /// <inheritdoc />
    public bool TryExecute(string sql, (string Name, object? Value)[] parameters, CancellationToken ct, out int changed)
    {
        changed = -1;
        if (!Bindable(parameters))
        {
            return false;
        }

        ct.ThrowIfCancellationRequested();
        foreach (var statement in StatementsOf(sql, parameters))
        {
            try
            {
                statement.Bind(parameters);
                var rc = FirstStep(statement, ct);
                while (rc == raw.SQLITE_ROW)
                {
                    rc = Step(statement);
                }

                if (!statement.ReadOnly)
                {
                    // As Microsoft.Data.Sqlite counts: the rows each writing statement changed; -1 when none writes.
                    changed = Math.Max(changed, 0) + raw.sqlite3_changes(Db);
                }
            }
            finally
            {
                raw.sqlite3_reset(statement.Handle);
            }
        }

        return true;
    }

    /// <inheritdoc />
    public bool TryRead<T>(string sql, (string Name, object? Value)[] parameters, Func<DbDataReader, T> read, int maxRows, CancellationToken ct, out List<T> rows)
    {
        rows = [];
        if (!Bindable(parameters))
        {
            return false;
        }

        ct.ThrowIfCancellationRequested();
        var readFirst = true;
        foreach (var statement in StatementsOf(sql, parameters))
        {
            try
            {
                statement.Bind(parameters);
                // The first statement that returns columns gives the rows; the others run to their end, as a reader's disposal would.
                var reading = readFirst && statement.Columns > 0;
                readFirst &= !reading;
                var row = reading ? new KeptRowReader(statement.Handle, statement.Columns) : null;
                for (var rc = FirstStep(statement, ct); rc == raw.SQLITE_ROW; rc = Step(statement))
                {
                    if (row is not null && rows.Count < maxRows)
                    {
                        rows.Add(read(row));
                    }
                }
            }
            finally
            {
                raw.sqlite3_reset(statement.Handle);
            }
        }

        return true;
    }

    /// <summary>How many first steps found the database busy and were tried again (for the tests).</summary>
    internal int BusyRetries => Volatile.Read(ref _busyRetries);

    private int _busyRetries;

    /// <summary>The first step of a run: retried while SQLite answers busy or locked, as a command would be (no row was read
    /// yet, so resetting loses nothing; the bound values stay).</summary>
    private int FirstStep(Statement statement, CancellationToken ct)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var rc = raw.sqlite3_step(statement.Handle);
            if ((rc & 0xFF) is not (raw.SQLITE_BUSY or raw.SQLITE_LOCKED) || waited.Elapsed >= BusyTimeout || ct.IsCancellationRequested)
            {
                return Checked(rc);
            }

            raw.sqlite3_reset(statement.Handle);
            Interlocked.Increment(ref _busyRetries);
            Thread.Sleep(BusyPause);
        }
    }

    private int Step(Statement statement) => Checked(raw.sqlite3_step(statement.Handle));

    private int Checked(int rc)
    {
        if (rc is not (raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(rc, Db);
        }

        return rc;
    }

    // The types Microsoft.Data.Sqlite binds as the same SQLite value: anything else (dates, GUIDs, decimals, blobs) is its own.
    private static bool Bindable((string Name, object? Value)[] parameters)
    {
        foreach (var (_, value) in parameters)
        {
            if (value is not (null or DBNull or string or long or int or bool or double))
            {
                return false;
            }
        }

        return true;
    }

    private Statement[] StatementsOf(string sql, (string Name, object? Value)[] parameters)
    {
        if (_statements.TryGetValue(sql, out var kept))
        {
            if (kept.Takes(parameters))
            {
                return kept.Statements;
            }

            Finalize(kept.Statements);
        }

        kept = Prepare(sql, [.. parameters.Select(p => p.Name)]);
        _statements[sql] = kept;
        return kept.Statements;
    }

    private Prepared Prepare(string sql, string[] names)
    {
        var prepared = new List<Statement>();
        ReadOnlySpan<byte> rest = System.Text.Encoding.UTF8.GetBytes(sql);
        try
        {
            while (!rest.IsEmpty)
            {
                var rc = raw.sqlite3_prepare_v3(Db, rest, PreparePersistent, out var handle, out var tail);
                if (rc != raw.SQLITE_OK)
                {
                    handle?.Dispose();
                    SqliteException.ThrowExceptionForRC(rc, Db);
                }

                rest = tail;
                if (handle is null || handle.IsInvalid)
                {
                    continue; // only white space or a comment was left
                }

                prepared.Add(new Statement(handle, names));
            }
        }
        catch
        {
            Finalize([.. prepared]);
            throw;
        }

        return new Prepared(names, [.. prepared]);
    }

    private void FinalizeAll()
    {
        foreach (var kept in _statements.Values)
        {
            Finalize(kept.Statements);
        }

        _statements.Clear();
    }

    private static void Finalize(Statement[] statements)
    {
        foreach (var statement in statements)
        {
            statement.Handle.Dispose();
        }
    }

    /// <summary>A statement text's prepared statements, and the names, in order, of the values they were prepared for.</summary>
    private sealed record Prepared(string[] Names, Statement[] Statements)
    {
        /// <summary>True when the values are given under these names, in this order.</summary>
        public bool Takes((string Name, object? Value)[] parameters)
        {
            if (parameters.Length != Names.Length)
            {
                return false;
            }

            for (var i = 0; i < Names.Length; i++)
            {
                if (!ReferenceEquals(parameters[i].Name, Names[i]) && !string.Equals(parameters[i].Name, Names[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>One prepared statement, with the position in the given values of each of its parameters.</summary>
    private sealed class Statement
    {
        private readonly int[] _positions; // by SQLite's parameter index - 1: where its value is among the given ones

        public Statement(sqlite3_stmt handle, string[] names)
        {
            Handle = handle;
            Columns = raw.sqlite3_column_count(handle);
            ReadOnly = raw.sqlite3_stmt_readonly(handle) != 0;
            _positions = new int[raw.sqlite3_bind_parameter_count(handle)];
            for (var i = 0; i < _positions.Length; i++)
            {
                var name = raw.sqlite3_bind_parameter_name(handle, i + 1).utf8_to_string();
                _positions[i] = Array.FindIndex(names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
                if (_positions[i] < 0)
                {
                    // Microsoft.Data.Sqlite's own words for a statement that lacks a value.
                    throw new InvalidOperationException($"Must add values for the following parameters: {name}");
                }
            }
        }

        public sqlite3_stmt Handle { get; }

        public int Columns { get; }

        public bool ReadOnly { get; }

        public void Bind((string Name, object? Value)[] parameters)
        {
            for (var i = 0; i < _positions.Length; i++)
            {
                var rc = parameters[_positions[i]].Value switch
                {
                    null or DBNull => raw.sqlite3_bind_null(Handle, i + 1),
                    string text => raw.sqlite3_bind_text16(Handle, i + 1, text.AsSpan()),
                    long n => raw.sqlite3_bind_int64(Handle, i + 1, n),
                    int n => raw.sqlite3_bind_int64(Handle, i + 1, n),
                    bool b => raw.sqlite3_bind_int64(Handle, i + 1, b ? 1 : 0),
                    double d => raw.sqlite3_bind_double(Handle, i + 1, d),
                    var other => throw new ArgumentException($"No kept binding for {other.GetType()}."),
                };
                if (rc != raw.SQLITE_OK)
                {
                    SqliteException.ThrowExceptionForRC(rc, raw.sqlite3_db_handle(Handle));
                }
            }
        }
    }
}
