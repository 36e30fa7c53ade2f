using System.Data.Common;
using Microsoft.Data.Sqlite;
using StatuutHub.Storage.Sqlite;

namespace StatuutHub.Storage.Tests;

/// <summary>The embedded store's group commit: units that queue together share one transaction; a unit that fails is undone
/// alone and answered with its error, while the units beside it are committed (the batch runs again, each unit in a savepoint).</summary>
public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("statuuthub-groupcommit-").FullName;

    private string Database => Path.Combine(_directory, "units.db");

    public async Task InitializeAsync()
    {
        await using (var setup = await OpenAsync(CancellationToken.None))
        {
            await ExecAsync(setup, null, "PRAGMA journal_mode=WAL; CREATE TABLE rows (id INTEGER PRIMARY KEY, unit TEXT NOT NULL);");
        }
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UnitsThatQueueTogether_AreCommittedTogether_EachRunOnce()
    {
        await using var commits = new GroupCommit(OpenAsync);
        var (gate, blocker) = await BlockerAsync(commits);
        var runs = new int[3];
        var units = Enumerable.Range(0, 3).Select(i => commits.RunAsync(async (c, tx, ct) =>
        {
            Interlocked.Increment(ref runs[i]);
            await ExecAsync(c, tx, $"INSERT INTO rows (id, unit) VALUES ({10 + i}, 'u{i}')");
            return i;
        }, CancellationToken.None)).ToList();
        gate.SetResult();

        Assert.Equal(new[] { 0, 1, 2 }, await Task.WhenAll(units));
        await blocker;
        Assert.Equal(new[] { 1, 1, 1 }, runs);
        Assert.Equal(["blocker", "u0", "u1", "u2"], await UnitsStoredAsync());
    }

    [Fact]
    public async Task AUnitThatFails_IsUndoneAlone_AndTheUnitsBesideItAreCommitted()
    {
        await using var commits = new GroupCommit(OpenAsync);
        var (gate, blocker) = await BlockerAsync(commits);
        var before = commits.RunAsync(async (c, tx, ct) => await ExecAsync(c, tx, "INSERT INTO rows (id, unit) VALUES (20, 'before')"), CancellationToken.None);
        var failing = commits.RunAsync(async (c, tx, ct) =>
        {
            await ExecAsync(c, tx, "INSERT INTO rows (id, unit) VALUES (21, 'failing, first row')");
            return await ExecAsync(c, tx, "INSERT INTO rows (id, unit) VALUES (20, 'failing, taken id')"); // the id 'before' wrote
        }, CancellationToken.None);
        var after = commits.RunAsync(async (c, tx, ct) => await ExecAsync(c, tx, "INSERT INTO rows (id, unit) VALUES (22, 'after')"), CancellationToken.None);
        gate.SetResult();

        Assert.Equal(1, await before);
        Assert.Equal(1, await after);
        var error = await Assert.ThrowsAsync<SqliteException>(() => failing);
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        await blocker;
        Assert.Equal(["after", "before", "blocker"], await UnitsStoredAsync());
    }

    [Fact]
    public async Task AfterAFailedBatch_TheNextUnitsShareATransactionAgain()
    {
        await using var commits = new GroupCommit(OpenAsync);
        var (gate, blocker) = await BlockerAsync(commits);
        var failing = commits.RunAsync<int>((c, tx, ct) => throw new InvalidOperationException("a unit's own error"), CancellationToken.None);
        gate.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await blocker;

        var (gate2, blocker2) = await BlockerAsync(commits, id: 2);
        var runs = 0;
        var next = Enumerable.Range(0, 2).Select(i => commits.RunAsync(async (c, tx, ct) =>
        {
            Interlocked.Increment(ref runs);
            return await ExecAsync(c, tx, $"INSERT INTO rows (id, unit) VALUES ({30 + i}, 'next{i}')");
        }, CancellationToken.None)).ToList();
        gate2.SetResult();

        Assert.Equal(new[] { 1, 1 }, await Task.WhenAll(next));
        await blocker2;
        Assert.Equal(2, runs);
        Assert.Equal(["blocker", "blocker", "next0", "next1"], await UnitsStoredAsync());
    }

    /// <summary>A unit that holds the writer until the gate opens, so the units queued meanwhile form the next batch together.</summary>
    private static async Task<(TaskCompletionSource Gate, Task<int> Blocker)> BlockerAsync(GroupCommit commits, int id = 1)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = commits.RunAsync(async (c, tx, ct) =>
        {
            started.SetResult();
            await gate.Task;
            return await ExecAsync(c, tx, $"INSERT INTO rows (id, unit) VALUES ({id}, 'blocker')");
        }, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (gate, blocker);
    }

    private Task<List<string>> UnitsStoredAsync() => ReadAllAsync("SELECT unit FROM rows ORDER BY unit", r => r.GetString(0));

    private async Task<List<T>> ReadAllAsync<T>(string sql, Func<DbDataReader, T> read)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection($"Data Source={Database}");
        await connection.OpenAsync(ct);
        return connection;
    }

    private static async Task<int> ExecAsync(DbConnection connection, DbTransaction? tx, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }
}
