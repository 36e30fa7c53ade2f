using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace StatuutHub.Storage.Sqlite;

/// <summary>Group commit for the embedded store. SQLite admits one writer at a time and every durable
/// commit costs an fsync, so writers queue here and one loop runs whatever is waiting in a single
/// transaction: each unit in its own savepoint (a unit that fails is rolled back alone), one commit
/// for all, and only then are the callers answered. Under load many units share one fsync; alone, a
/// unit waits for nothing but its own commit.</summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private const int MaxUnitsPerCommit = 256;
    private readonly Channel<Unit> _queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<CancellationToken, Task<DbConnection>> _open;
    private readonly Task _loop;

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
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxUnitsPerCommit && _queue.Reader.TryRead(out var unit))
            {
                if (!unit.CancelIfRequested())
                {
                    batch.Add(unit);
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            var done = new List<Unit>(batch.Count);
            try
            {
                connection ??= await _open(CancellationToken.None);
                await using var tx = ((SqliteConnection)connection).BeginTransaction(deferred: false);
                foreach (var unit in batch)
                {
                    await tx.SaveAsync("unit");
                    try
                    {
                        await unit.RunAsync(connection, tx);
                        await tx.ReleaseAsync("unit");
                        done.Add(unit);
                    }
                    catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: 10 or 13 }) // not I/O error or disk full
                    {
                        await tx.RollbackAsync("unit");
                        await tx.ReleaseAsync("unit");
                        unit.Fail(ex);
                    }
                }

                await tx.CommitAsync();
                done.ForEach(u => u.Complete());
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
