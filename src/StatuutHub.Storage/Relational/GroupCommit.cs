using System.Data.Common;
using System.Threading.Channels;

namespace StatuutHub.Storage.Relational;

/// <summary>Group commit, for both engines. Writers queue here and a loop, on a long-lived connection, runs whatever is waiting
/// in a single transaction and commits once for all; only then are the callers answered. Under load many units share one commit
/// (SQLite: one fsync; PostgreSQL: one WAL flush and one connection's prepared statements); alone, a unit waits for nothing but its
/// own commit. Where the engine has more than one writer (<see cref="Database.Writers"/>), each <see cref="WriteLane"/> has its
/// queue, loop and connection. Units do not fail in normal work, so they run one after the other with nothing in between. When one
/// does fail — or the batch loses a deadlock against another writer's batch — the batch is undone and each unit runs again in a
/// transaction of its own: the failed unit alone is answered with its error, and a unit that loses a deadlock on its own is run
/// again (a single unit takes its locks in one order everywhere, so it cannot deadlock with itself).</summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private const int MaxUnitsPerCommit = 256;
    private const int TriesAlone = 3;
    private readonly Channel<Unit>[] _queues;
    private readonly Database _db;
    private readonly Task[] _loops;

    public GroupCommit(Database db)
    {
        _db = db;
        _queues = [.. Enumerable.Range(0, db.Writers).Select(_ => Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true }))];
        _loops = [.. _queues.Select(queue => Task.Run(() => LoopAsync(queue)))];
    }

    public Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, WriteLane lane, CancellationToken ct)
    {
        var unit = new Unit<T>(work, ct);
        ObjectDisposedException.ThrowIf(!_queues[(int)lane % _queues.Length].Writer.TryWrite(unit), typeof(GroupCommit));
        return unit.Result;
    }

    public async ValueTask DisposeAsync()
    {
        Array.ForEach(_queues, queue => queue.Writer.TryComplete());
        await Task.WhenAll(_loops);
    }

    private async Task LoopAsync(Channel<Unit> queue)
    {
        DbConnection? connection = null;
        var batch = new List<Unit>(MaxUnitsPerCommit);
        var hadCompany = false;
        while (await queue.Reader.WaitToReadAsync())
        {
            if (hadCompany)
            {
                // Under load (the last commit was shared), work already queued on the thread pool runs first, and the units it
                // hands in join this commit instead of the next: fewer commits, each writing its hot pages once for more units.
                await Task.Yield();
            }

            batch.Clear();
            while (batch.Count < MaxUnitsPerCommit && queue.Reader.TryRead(out var unit))
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
                connection ??= await _db.OpenWriterAsync(CancellationToken.None);
                if (await RunTogetherAsync(connection, batch))
                {
                    batch.ForEach(u => u.Complete());
                }
                else
                {
                    await RunEachAloneAsync(connection, batch);
                }
            }
            catch (Exception ex)
            {
                // The store failed (a lost connection, an I/O error, a full disk): what was not committed is not durable, so no
                // caller still waiting hears "done"; the next batch opens a new connection.
                batch.Where(u => !u.IsFinished).ToList().ForEach(u => u.Fail(ex));
                await (connection?.DisposeAsync() ?? ValueTask.CompletedTask);
                connection = null;
            }
        }

        await (connection?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    /// <summary>Runs the units one after the other in one transaction and commits it; false, with the transaction undone, as soon
    /// as one fails with a failure of its own.</summary>
    private async Task<bool> RunTogetherAsync(DbConnection connection, List<Unit> batch)
    {
        await using var tx = await _db.BeginWriteAsync(connection, CancellationToken.None);
        foreach (var unit in batch)
        {
            try
            {
                await unit.RunAsync(connection, tx);
            }
            catch (Exception ex) when (!_db.FailsTheStore(ex))
            {
                await tx.RollbackAsync();
                return false;
            }
        }

        await tx.CommitAsync();
        return true;
    }

    /// <summary>Runs each unit in a transaction of its own and answers it as soon as that is committed or has failed.</summary>
    private async Task RunEachAloneAsync(DbConnection connection, List<Unit> batch)
    {
        foreach (var unit in batch)
        {
            for (var tries = 1; !unit.IsFinished; tries++)
            {
                await using var tx = await _db.BeginWriteAsync(connection, CancellationToken.None);
                try
                {
                    await unit.RunAsync(connection, tx);
                    await tx.CommitAsync();
                    unit.Complete();
                }
                catch (Exception ex) when (!_db.FailsTheStore(ex))
                {
                    await tx.RollbackAsync();
                    if (!_db.IsConflict(ex) || tries == TriesAlone)
                    {
                        unit.Fail(ex);
                    }
                }
            }
        }
    }

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

/// <summary>Which writer a unit of writing goes to, where the engine has two (<see cref="Database.Writers"/>).</summary>
internal enum WriteLane
{
    /// <summary>A unit that changes rows other units may hold (an attempt's result, a decision, an amendment, a move, a purge).</summary>
    Changes,

    /// <summary>A unit that only adds rows or takes rows nobody holds (a submission, a claim with <c>SKIP LOCKED</c>): it never
    /// waits for a row that the other writer's batch holds, so the two writers cannot wait for each other.</summary>
    AddsAndClaims,
}
