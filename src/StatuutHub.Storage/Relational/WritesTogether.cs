using System.Threading.Channels;

namespace StatuutHub.Storage.Relational;

/// <summary>Writes of one kind done together: callers queue here and one loop hands whatever waits to one shared unit
/// (<c>together</c>), so under load many writes share one transaction and its round trips; a write alone, or one the shared
/// unit did not take, is done by itself (<c>alone</c>). Nothing is held back to gather more: a round takes what came while
/// the rounds before it ran. Two rounds run at once, so one is written while the other waits for its commit (a server's log
/// flush), as two processes' rounds would; what they share is serialised by the units' own locks. Each caller is answered
/// only after its write's commit; when the shared unit fails, nothing of it was written and each write is done alone, so one
/// write cannot fail another. A queued write is not cancelled with its caller: once handed to the store it is written, as a
/// caller whose connection dropped after its commit would find it.</summary>
internal sealed class WritesTogether<TItem, TResult> : IAsyncDisposable
{
    private const int MaxPerRound = 64;
    private const int RoundsAtOnce = 2;

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<TItem>, Task<Taken[]>> _together;
    private readonly Func<TItem, Task<TResult>> _writeAlone;
    private readonly SemaphoreSlim _rounds = new(RoundsAtOnce);
    private readonly List<Task> _running = [];
    private readonly Task _loop;

    /// <param name="together">Writes several items in one unit; for each, whether it took it and with what result.</param>
    /// <param name="alone">Writes one item in a unit of its own.</param>
    public WritesTogether(Func<IReadOnlyList<TItem>, Task<Taken[]>> together, Func<TItem, Task<TResult>> alone)
    {
        _together = together;
        _writeAlone = alone;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>What the shared unit did with one item: <paramref name="Done"/> false leaves it to a unit of its own.</summary>
    public readonly record struct Taken(bool Done, TResult Result);

    /// <summary>Writes <paramref name="item"/> with the others waiting and answers after its commit.</summary>
    public Task<TResult> RunAsync(TItem item)
    {
        var entry = new Entry(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(entry), typeof(WritesTogether<TItem, TResult>));
        return entry.Answer.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _rounds.Dispose();
    }

    private async Task LoopAsync()
    {
        while (await _queue.Reader.WaitToReadAsync())
        {
            // A free place first, then the queue: while two rounds run, what arrives waits to join the next one.
            await _rounds.WaitAsync();
            var round = new List<Entry>(MaxPerRound);
            while (round.Count < MaxPerRound && _queue.Reader.TryRead(out var entry))
            {
                round.Add(entry);
            }

            if (round.Count == 0)
            {
                _rounds.Release();
                continue;
            }

            Track(RoundAsync(round));
        }

        Task[] running;
        lock (_running)
        {
            running = [.. _running];
        }

        await Task.WhenAll(running);
    }

    private async Task RoundAsync(List<Entry> round)
    {
        try
        {
            if (round.Count == 1)
            {
                await AloneAsync(round[0]);
                return;
            }

            Taken[] taken;
            try
            {
                taken = await _together(round.ConvertAll(e => e.Item));
            }
            catch (Exception)
            {
                // The shared unit rolled back (a deadlock with another round or process, a lost connection): each write goes alone.
                taken = new Taken[round.Count];
            }

            for (var i = 0; i < round.Count; i++)
            {
                if (taken[i].Done)
                {
                    round[i].Answer.TrySetResult(taken[i].Result);
                }
                else
                {
                    // A write the unit did not take runs beside the next rounds, not ahead of them.
                    Track(AloneAsync(round[i]));
                }
            }
        }
        finally
        {
            _rounds.Release();
        }
    }

    private void Track(Task task)
    {
        if (task.IsCompleted)
        {
            return;
        }

        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(task);
        }
    }

    private async Task AloneAsync(Entry entry)
    {
        try
        {
            entry.Answer.TrySetResult(await _writeAlone(entry.Item));
        }
        catch (Exception ex)
        {
            entry.Answer.TrySetException(ex);
        }
    }

    private sealed record Entry(TItem Item, TaskCompletionSource<TResult> Answer);
}
