using System.Data.Common;
using StatuutHub.Storage.Postgres;
using StatuutHub.Storage.Relational;
using StatuutHub.Storage.Sqlite;

namespace StatuutHub.Storage.Tests;

/// <summary>The group commit, on both engines: units that queue together share one transaction; a unit that fails is undone alone
/// and answered with its error, while the units beside it are committed (the batch runs again, each unit in a transaction of its own).</summary>
public abstract class GroupCommitTests : IAsyncLifetime
{
    private Database _db = null!;

    /// <summary>A new, empty database of the engine under test.</summary>
    private protected abstract Task<Database> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _db = await CreateDatabaseAsync();
        await using var setup = await _db.OpenAsync(default);
        await _db.ExecAsync(setup, null, "CREATE TABLE rows (id INTEGER PRIMARY KEY, unit TEXT NOT NULL, n INTEGER NOT NULL DEFAULT 0)", default);
    }

    public virtual async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task UnitsThatQueueTogether_AreCommittedTogether_EachRunOnce()
    {
        var (gate, blocker) = await BlockerAsync(_db);
        var runs = new int[3];
        var units = Enumerable.Range(0, 3).Select(i => _db.WriteAsync(async (c, tx, ct) =>
        {
            Interlocked.Increment(ref runs[i]);
            await _db.ExecAsync(c, tx, $"INSERT INTO rows (id, unit) VALUES ({10 + i}, 'u{i}')", ct);
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
        var (gate, blocker) = await BlockerAsync(_db);
        var before = _db.WriteAsync((c, tx, ct) => _db.ExecAsync(c, tx, "INSERT INTO rows (id, unit) VALUES (20, 'before')", ct), CancellationToken.None);
        var failing = _db.WriteAsync(async (c, tx, ct) =>
        {
            await _db.ExecAsync(c, tx, "INSERT INTO rows (id, unit) VALUES (21, 'failing, first row')", ct);
            return await _db.ExecAsync(c, tx, "INSERT INTO rows (id, unit) VALUES (20, 'failing, taken id')", ct); // the id 'before' wrote
        }, CancellationToken.None);
        var after = _db.WriteAsync((c, tx, ct) => _db.ExecAsync(c, tx, "INSERT INTO rows (id, unit) VALUES (22, 'after')", ct), CancellationToken.None);
        gate.SetResult();

        Assert.Equal(1, await before);
        Assert.Equal(1, await after);
        await Assert.ThrowsAnyAsync<DbException>(() => failing);
        await blocker;
        Assert.Equal(["after", "before", "blocker"], await UnitsStoredAsync());
    }

    [Fact]
    public async Task AfterAFailedBatch_TheNextUnitsShareATransactionAgain()
    {
        var (gate, blocker) = await BlockerAsync(_db);
        var failing = _db.WriteAsync<int>((c, tx, ct) => throw new InvalidOperationException("a unit's own error"), CancellationToken.None);
        gate.SetResult();
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await blocker;

        var (gate2, blocker2) = await BlockerAsync(_db, id: 2);
        var runs = 0;
        var next = Enumerable.Range(0, 2).Select(i => _db.WriteAsync(async (c, tx, ct) =>
        {
            Interlocked.Increment(ref runs);
            return await _db.ExecAsync(c, tx, $"INSERT INTO rows (id, unit) VALUES ({30 + i}, 'next{i}')", ct);
        }, CancellationToken.None)).ToList();
        gate2.SetResult();

        Assert.Equal(new[] { 1, 1 }, await Task.WhenAll(next));
        await blocker2;
        Assert.Equal(2, runs);
        Assert.Equal(["blocker", "blocker", "next0", "next1"], await UnitsStoredAsync());
    }

    /// <summary>A unit that holds the writer until the gate opens, so the units queued meanwhile form the next batch together.</summary>
    private protected static async Task<(TaskCompletionSource Gate, Task<int> Blocker)> BlockerAsync(Database db, int id = 1)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = db.WriteAsync(async (c, tx, ct) =>
        {
            started.TrySetResult();
            await gate.Task;
            return await db.ExecAsync(c, tx, $"INSERT INTO rows (id, unit) VALUES ({id}, 'blocker')", ct);
        }, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (gate, blocker);
    }

    private protected async Task<List<string>> UnitsStoredAsync() => await RowsAsync(_db, "SELECT unit FROM rows ORDER BY unit", r => r.Text("unit"));

    private protected static async Task<List<T>> RowsAsync<T>(Database db, string sql, Func<Row, T> read)
    {
        await using var connection = await db.OpenAsync(default);
        return await db.ReadAllAsync(connection, null, sql, read, default);
    }
}

public sealed class SqliteGroupCommitTests : GroupCommitTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("statuuthub-groupcommit-").FullName;

    private protected override Task<Database> CreateDatabaseAsync() => Task.FromResult<Database>(new SqliteDatabase(Path.Combine(_directory, "units.db")));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresGroupCommitTests(PostgresFixture postgres) : GroupCommitTests
{
    private string _connection = string.Empty;

    private protected override async Task<Database> CreateDatabaseAsync() => new PostgresDatabase(_connection = await postgres.Cluster.CreateDatabaseAsync());

    [Fact]
    public async Task WithTwoWriters_AUnitHeldUpInOneLane_HoldsBackItsOwnLaneOnly()
    {
        // The hub's own setting: a writer per lane. While a change waits (here for the gate; in the hub, for the database or a row
        // lock), submissions and claims commit on the other writer; the next change waits its turn.
        await using var db = new PostgresDatabase(_connection);
        Assert.Equal(2, db.Writers);
        var (gate, blocker) = await BlockerAsync(db);
        var nextChange = db.WriteAsync((c, tx, ct) => db.ExecAsync(c, tx, "INSERT INTO rows (id, unit) VALUES (50, 'change')", ct), CancellationToken.None);
        var adds = Enumerable.Range(0, 3).Select(i => db.WriteAsync(
            (c, tx, ct) => db.ExecAsync(c, tx, $"INSERT INTO rows (id, unit) VALUES ({40 + i}, 'add{i}')", ct), CancellationToken.None, WriteLane.AddsAndClaims)).ToList();

        try
        {
            Assert.Equal(new[] { 1, 1, 1 }, await Task.WhenAll(adds).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(["add0", "add1", "add2"], await UnitsStoredAsync());
            Assert.False(blocker.IsCompleted);
            Assert.False(nextChange.IsCompleted);
        }
        finally
        {
            gate.TrySetResult(); // a failure above must not leave the writer waiting (the store's disposal waits for it)
        }

        Assert.Equal(1, await blocker);
        Assert.Equal(1, await nextChange);
        Assert.Equal(["add0", "add1", "add2", "blocker", "change"], await UnitsStoredAsync());
    }

    [Fact]
    public async Task BatchesOfTwoProcesses_ThatDeadlock_AreEachUnitCommittedOnce()
    {
        // Process A's batch takes row 1 then row 2, process B's row 2 then row 1: PostgreSQL ends one of them (40P01). The loser's
        // units run again, each in a transaction of its own, after the winner committed; nobody hears of the deadlock.
        await using var a = new PostgresDatabase(_connection);
        await using var b = new PostgresDatabase(_connection);
        await using (var setup = await a.OpenAsync(default))
        {
            await a.ExecAsync(setup, null, "INSERT INTO rows (id, unit) VALUES (1, 'one'), (2, 'two')", default);
        }

        var aHasOne = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bHasTwo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (gateA, blockerA) = await BlockerAsync(a, id: 10);
        var (gateB, blockerB) = await BlockerAsync(b, id: 20);
        Task<int> Add(Database db, int row, TaskCompletionSource? mine = null, TaskCompletionSource? theirs = null) => db.WriteAsync(async (c, tx, ct) =>
        {
            var changed = await db.ExecAsync(c, tx, $"UPDATE rows SET n = n + 1 WHERE id = {row}", ct);
            mine?.TrySetResult();
            await (theirs?.Task ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(30), ct);
            return changed;
        }, CancellationToken.None);
        var units = new[] { Add(a, 1, aHasOne, bHasTwo), Add(a, 2), Add(b, 2, bHasTwo, aHasOne), Add(b, 1) };
        gateA.SetResult();
        gateB.SetResult();

        Assert.Equal(new[] { 1, 1, 1, 1 }, await Task.WhenAll(units).WaitAsync(TimeSpan.FromSeconds(60)));
        await Task.WhenAll(blockerA, blockerB);
        Assert.Equal(new[] { 2, 2 }, await RowsAsync(a, "SELECT n FROM rows WHERE id IN (1, 2) ORDER BY id", r => r.Int("n")));
    }
}
