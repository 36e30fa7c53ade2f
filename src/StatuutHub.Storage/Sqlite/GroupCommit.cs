using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace StatuutHub.Storage.Sqlite;

/// <summary>Group commit for the embedded store. SQLite admits one writer at a time and every durable
/// commit costs an fsync, so writers queue here and one loop runs whatever is waiting in a single
/// transaction, one commit for all, and only then are the callers answered. Under load many units share
/// one fsync; alone, a unit waits for nothing but its own commit. Units do not fail in normal work, so
/// they run without savepoints; when one does fail, the batch is undone and run again with a savepoint
/// per unit, so the failed unit alone is rolled back and answered with its error.</summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private const int MaxUnitsPerCommit = 256;
    private readonly Channel<Unit> _queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly Task _loop;

    /// <summary>A writer on the connection <paramref name="open"/> makes.</summary>
    public GroupCommit(Func<CancellationToken, Task<DbConnection>> open)
    {
        _open = open;
        _loop = Task.Run(LoopAsync);
    }

    public Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var unit = new Unit<T>(work, ct);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(unit), typeof(SqliteHubStore));
        return unit.Result;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task LoopAsync()
    {
        DbConnection? connection = null;
        var batch = new List<Unit>(MaxUnitsPerCommit);
        var hadCompany = false;
        while (await _queue.Reader.WaitToReadAsync())
        {
            if (hadCompany)
            {
                // Under load (the last commit was shared), work already queued on the thread pool runs first, and the units it
                // hands in join this commit instead of the next: fewer commits, each writing its hot pages (the tables' ends, the
                // counters, the state indexes' edges) once for more units. Alone, a unit is committed at once.
                await Task.Yield();
            }

            batch.Clear();
            while (batch.Count < MaxUnitsPerCommit && _queue.Reader.TryRead(out var unit))
            {
                if (!unit.CancelIfRequested())
                {
                    batch.Add(unit);
                }
            }

            hadCompany = batch.Count > 1;
            if (batch.Count == 0)
            {
                continue;
            }

            try
            {
                connection ??= await _open(CancellationToken.None);
                var sqlite = (SqliteConnection)connection;
                var tx = sqlite.BeginTransaction(deferred: false);
                try
                {
                    if (!await RunTogetherAsync(connection, tx, batch))
                    {
                        // A unit failed: undo the whole batch and run it again, each unit in a savepoint, so that unit alone is undone.
                        await tx.RollbackAsync();
                        await tx.DisposeAsync();
                        tx = sqlite.BeginTransaction(deferred: false);
                        await RunEachAloneAsync(connection, tx, batch);
                    }

                    await tx.CommitAsync();
                }
                finally
                {
                    await tx.DisposeAsync();
                }

                batch.ForEach(u => u.Complete());
            }
            catch (Exception ex)
            {
                // The commit (or the transaction) failed: nothing of this batch is durable, so no caller hears "done".
                batch.Where(u => !u.IsFinished).ToList().ForEach(u => u.Fail(ex));
                await (connection?.DisposeAsync() ?? ValueTask.CompletedTask);
                connection = null;
            }
        }

        await (connection?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    /// <summary>Runs the units one after the other with no savepoints (a savepoint costs two statements and a copy of every page a
    /// unit touches first); false as soon as one fails, the transaction then holding part of that unit's writes.</summary>
    private async Task<bool> RunTogetherAsync(DbConnection connection, DbTransaction tx, List<Unit> batch)
    {
        foreach (var unit in batch)
        {
            try
            {
                await unit.RunAsync(connection, tx);
            }
            catch (Exception ex) when (IsUnitFailure(ex))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Runs each unit in a savepoint of its own: a unit that fails is undone and answered with its error, the others go on.
    /// Failed units are taken out of <paramref name="batch"/>.</summary>
    private async Task RunEachAloneAsync(DbConnection connection, DbTransaction tx, List<Unit> batch)
    {
        var sqlite = (SqliteTransaction)tx;
        foreach (var unit in batch.ToList())
        {
            await sqlite.SaveAsync("unit");
            try
            {
                await unit.RunAsync(connection, tx);
                await sqlite.ReleaseAsync("unit");
            }
            catch (Exception ex) when (IsUnitFailure(ex))
            {
                await sqlite.RollbackAsync("unit");
                await sqlite.ReleaseAsync("unit");
                unit.Fail(ex);
                batch.Remove(unit);
            }
        }
    }

    /// <summary>A failure of the unit's own (a constraint, a bug, its caller's cancellation), not of the store: an I/O error or a
    /// full disk ends the whole batch.</summary>
    private static bool IsUnitFailure(Exception ex) => ex is not SqliteException { SqliteErrorCode: SqliteIoError or SqliteFull };

    // SQLite's result codes (sqlite.org/rescode.html): SQLITE_IOERR and SQLITE_FULL.
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;

    private abstract class Unit
    {
        public abstract bool IsFinished { get; }

        public abstract Task RunAsync(DbConnection connection, DbTransaction tx);

        public abstract void Complete();

        public abstract void Fail(Exception ex);

        public abstract bool CancelIfRequested();
    }

    private sealed class Unit<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct) : Unit
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Result => _answer.Task;

        public override bool IsFinished => _answer.Task.IsCompleted;

        public override async Task RunAsync(DbConnection connection, DbTransaction tx) => _result = await work(connection, tx, ct);

        public override void Complete() => _answer.TrySetResult(_result);

        public override void Fail(Exception ex) => _answer.TrySetException(ex);

        public override bool CancelIfRequested() => ct.IsCancellationRequested && _answer.TrySetCanceled(ct);
    }
}
