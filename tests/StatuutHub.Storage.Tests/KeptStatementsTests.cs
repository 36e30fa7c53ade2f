using Microsoft.Data.Sqlite;
using StatuutHub.Storage.Sqlite;

namespace StatuutHub.Storage.Tests;

/// <summary>The writer's kept statements: the same values, rows and errors as Microsoft.Data.Sqlite's commands give, with each
/// statement prepared once and its values bound by position.</summary>
public sealed class KeptStatementsTests : IAsyncLifetime, IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private KeptStatements _kept = null!;

    public async Task InitializeAsync()
    {
        await _connection.OpenAsync();
        await using var setup = _connection.CreateCommand();
        setup.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER, x REAL, flag INTEGER); CREATE UNIQUE INDEX t_name ON t (name);";
        await setup.ExecuteNonQueryAsync();
        _kept = new KeptStatements(_connection);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void ValuesGoInAsTheirSqliteTypes_AndComeBackTheSame()
    {
        Assert.True(_kept.TryExecute("INSERT INTO t (id, name, n, x, flag) VALUES (@id, @name, @n, @x, @flag)",
            [("@id", 1L), ("@name", "Zoë • €"), ("@n", 42), ("@x", 1.5), ("@flag", true)], CancellationToken.None, out var changed));
        Assert.Equal(1, changed);
        Assert.True(_kept.TryRead("SELECT typeof(name), typeof(n), typeof(x), typeof(flag), name, n, x, flag FROM t WHERE id = @id", [("@id", 1L)],
            r => (r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5), r.GetDouble(6), r.GetBoolean(7)),
            int.MaxValue, CancellationToken.None, out var rows));
        Assert.Equal([("text", "integer", "real", "integer", "Zoë • €", 42, 1.5, true)], rows);
    }

    [Fact]
    public void EmptyText_IsStoredAsEmptyText_NullAsNull()
    {
        Exec("INSERT INTO t (id, name) VALUES (@id, @name)", ("@id", 1L), ("@name", ""));
        Exec("INSERT INTO t (id, name) VALUES (@id, @name)", ("@id", 2L), ("@name", null));
        Exec("INSERT INTO t (id, name) VALUES (@id, @name)", ("@id", 3L), ("@name", DBNull.Value));
        Assert.True(_kept.TryRead("SELECT id, name IS NULL, name FROM t ORDER BY id", [], r => (r.GetInt64(0), r.GetBoolean(1), r.IsDBNull(2), r.GetValue(2)),
            int.MaxValue, CancellationToken.None, out var rows));
        Assert.Equal([(1L, false, false, (object)""), (2L, true, true, DBNull.Value), (3L, true, true, DBNull.Value)], rows);
    }

    [Fact]
    public void AskingForANullAsAValue_IsRefused()
    {
        Exec("INSERT INTO t (id) VALUES (1)");
        Assert.True(_kept.TryRead("SELECT n FROM t", [], r => r.IsDBNull(0), 1, CancellationToken.None, out var isNull));
        Assert.True(isNull[0]);
        Assert.Throws<InvalidOperationException>(() => _kept.TryRead("SELECT n FROM t", [], r => r.GetInt64(0), 1, CancellationToken.None, out _));
        Assert.Throws<InvalidOperationException>(() => _kept.TryRead("SELECT name FROM t", [], r => r.GetString(0), 1, CancellationToken.None, out _));
    }

    [Fact]
    public void ChangedRows_AreCountedOverTheWritingStatements_MinusOneWhenNoneWrites()
    {
        Exec("INSERT INTO t (id, n) VALUES (1, 1), (2, 1), (3, 2)");
        Assert.True(_kept.TryExecute("UPDATE t SET n = n + 1 WHERE n = @n; DELETE FROM t WHERE id = @id;", [("@n", 1), ("@id", 3L)], CancellationToken.None, out var changed));
        Assert.Equal(3, changed);
        Assert.True(_kept.TryExecute("SELECT 1", [], CancellationToken.None, out var none));
        Assert.Equal(-1, none);
    }

    [Fact]
    public void ManyStatements_RunInOrder_AndTheFirstThatReturnsRowsGivesThem()
    {
        Assert.True(_kept.TryRead("INSERT INTO t (id, n) VALUES (@id, 7); SELECT n FROM t WHERE id = @id; UPDATE t SET n = 8 WHERE id = @id;",
            [("@id", 5L)], r => r.GetInt64(0), int.MaxValue, CancellationToken.None, out var rows));
        Assert.Equal([7L], rows);
        Assert.Equal(8L, Scalar("SELECT n FROM t WHERE id = 5"));
    }

    [Fact]
    public void TheSameText_RunsAgainWithNewValues_AndWithValuesGivenInAnotherOrder()
    {
        for (var i = 1; i <= 3; i++)
        {
            Exec("INSERT INTO t (id, name) VALUES (@id, @name)", ("@id", (long)i), ("@name", $"n{i}"));
        }

        Exec("INSERT INTO t (id, name) VALUES (@id, @name)", ("@name", "n4"), ("@id", 4L));
        Assert.True(_kept.TryRead("SELECT id, name FROM t ORDER BY id", [], r => $"{r.GetInt64(0)}={r.GetString(1)}", int.MaxValue, CancellationToken.None, out var rows));
        Assert.Equal(["1=n1", "2=n2", "3=n3", "4=n4"], rows);
    }

    [Fact]
    public void AViolatedConstraint_IsASqliteExceptionWithItsCode_AndTheStatementRunsAgainAfterIt()
    {
        Exec("INSERT INTO t (id, name) VALUES (@id, @name)", ("@id", 1L), ("@name", "same"));
        var refused = Assert.Throws<SqliteException>(() => Exec("INSERT INTO t (id, name) VALUES (@id, @name)", ("@id", 2L), ("@name", "same")));
        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT
        Exec("INSERT INTO t (id, name) VALUES (@id, @name)", ("@id", 2L), ("@name", "other"));
        Assert.Equal(2L, Scalar("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public void AStatementWithoutAValueForOneOfItsParameters_IsRefused()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => Exec("INSERT INTO t (id, name) VALUES (@id, @name)", ("@id", 1L)));
        Assert.Contains("@name", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesOfOtherTypes_AreLeftToAnOrdinaryCommand()
    {
        Assert.False(_kept.TryExecute("INSERT INTO t (id, name) VALUES (@id, @name)", [("@id", 1L), ("@name", Guid.NewGuid())], CancellationToken.None, out _));
        Assert.False(_kept.TryRead("SELECT @d", [("@d", 1.5m)], r => r.GetValue(0), 1, CancellationToken.None, out _));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM t"));
    }

    [Fact]
    public async Task ClosingTheConnection_FinalisesTheStatements_SoTheDatabaseIsReallyClosed()
    {
        var directory = Directory.CreateTempSubdirectory("statuuthub-kept-").FullName;
        try
        {
            var file = Path.Combine(directory, "kept.db");
            await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
            {
                await connection.OpenAsync();
                var kept = new KeptStatements(connection);
                Assert.True(kept.TryExecute("PRAGMA journal_mode=WAL; CREATE TABLE r (id INTEGER PRIMARY KEY);", [], CancellationToken.None, out _));
                Assert.True(kept.TryExecute("INSERT INTO r (id) VALUES (@id)", [("@id", 1L)], CancellationToken.None, out _));
                Assert.True(File.Exists(file + "-wal"));
            }

            // The last connection to close checkpoints the log and deletes it; one whose statements were left unfinalised stays
            // open in SQLite (a zombie) and keeps its log.
            Assert.False(File.Exists(file + "-wal"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task AStatementThatFindsTheDatabaseLocked_IsTriedAgain_UntilTheOtherWriterCommits()
    {
        var directory = Directory.CreateTempSubdirectory("statuuthub-kept-").FullName;
        try
        {
            var file = Path.Combine(directory, "busy.db");
            await using var writer = new SqliteConnection($"Data Source={file};Pooling=False;Default Timeout=0");
            await using var other = new SqliteConnection($"Data Source={file};Pooling=False");
            await writer.OpenAsync();
            await other.OpenAsync();
            var kept = new KeptStatements(writer);
            // No busy handler on the writer: SQLite answers SQLITE_BUSY at once, as it does during WAL recovery after a kill.
            Assert.True(kept.TryExecute("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=0; CREATE TABLE r (id INTEGER PRIMARY KEY);", [], CancellationToken.None, out _));
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE; INSERT INTO r (id) VALUES (1);";
                await begin.ExecuteNonQueryAsync();
            }

            var insert = Task.Run(() => kept.TryExecute("INSERT INTO r (id) VALUES (@id)", [("@id", 2L)], CancellationToken.None, out var changed) ? changed : -1);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (kept.BusyRetries == 0 && !insert.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Yield();
            }

            Assert.True(kept.BusyRetries > 0, insert.IsFaulted ? insert.Exception!.ToString() : "the insert never found the database locked");
            Assert.False(insert.IsCompleted); // still waiting for the other writer
            await using (var commit = other.CreateCommand())
            {
                commit.CommandText = "COMMIT;";
                await commit.ExecuteNonQueryAsync();
            }

            Assert.Equal(1, await insert);
            Assert.True(kept.TryRead("SELECT count(*) FROM r", [], r => r.GetInt64(0), 1, CancellationToken.None, out var rows));
            Assert.Equal([2L], rows);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private void Exec(string sql, params (string Name, object? Value)[] parameters) =>
        Assert.True(_kept.TryExecute(sql, parameters, CancellationToken.None, out _));

    private object? Scalar(string sql)
    {
        Assert.True(_kept.TryRead(sql, [], r => r.GetValue(0), 1, CancellationToken.None, out var rows));
        return rows[0];
    }
}
