using System.Threading.Channels;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Attempt results written together: callers queue here and one loop writes whatever waits in one unit
/// (<c>together</c>), so under load many results share one transaction and its two round trips; a result alone, or one
/// the unit could not take (see <c>RelationalHubStore.CompleteAttemptsTogetherAsync</c>), is written by itself
/// (<c>alone</c>). Nothing is held back to gather more: a round takes what came while the round before it ran. Each caller
/// is answered only after its result's commit; when the shared unit fails, nothing of it was written and each result is
/// written alone, so one result cannot fail another.</summary>
internal sealed class AttemptBatches : IAsyncDisposable
{
    private const int MaxPerRound = 64;

    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<IReadOnlyList<(string Owner, AttemptRecord Attempt)>, Task<AttemptCompletion?[]>> _together;
    private readonly Func<string, AttemptRecord, Task<AttemptCompletion>> _writeAlone;
    private readonly List<Task> _alone = [];
    private readonly Task _loop;

    public AttemptBatches(
        Func<IReadOnlyList<(string Owner, AttemptRecord Attempt)>, Task<AttemptCompletion?[]>> together,
        Func<string, AttemptRecord, Task<AttemptCompletion>> alone)
    {
        _together = together;
        _writeAlone = alone;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Writes <paramref name="attempt"/> with the others waiting and answers after its commit.</summary>
    public Task<AttemptCompletion> RunAsync(string owner, AttemptRecord attempt)
    {
        var entry = new Entry(owner, attempt, new TaskCompletionSource<AttemptCompletion>(TaskCreationOptions.RunContinuationsAsynchronously));
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(entry), typeof(AttemptBatches));
        return entry.Answer.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
    }

    private async Task LoopAsync()
    {
        var round = new List<Entry>(MaxPerRound);
        while (await _queue.Reader.WaitToReadAsync())
        {
            round.Clear();
            while (round.Count < MaxPerRound && _queue.Reader.TryRead(out var entry))
            {
                round.Add(entry);
            }

            if (round.Count == 1)
            {
                // Alone, and the loop waits for it: what arrives meanwhile is the next round.
                await AloneAsync(round[0]);
                continue;
            }

            AttemptCompletion?[] done;
            try
            {
                done = await _together(round.ConvertAll(e => (e.Owner, e.Attempt)));
            }
            catch (Exception)
            {
                // The shared unit rolled back (a deadlock with another process, a lost connection): each result goes alone.
                done = new AttemptCompletion?[round.Count];
            }

            _alone.RemoveAll(t => t.IsCompleted);
            for (var i = 0; i < round.Count; i++)
            {
                if (done[i] is { } completion)
                {
                    round[i].Answer.TrySetResult(completion);
                }
                else
                {
                    // The rare result the unit could not take runs beside the next rounds, not ahead of them.
                    _alone.Add(AloneAsync(round[i]));
                }
            }
        }

        await Task.WhenAll(_alone);
    }

    private async Task AloneAsync(Entry entry)
    {
        try
        {
            entry.Answer.TrySetResult(await _writeAlone(entry.Owner, entry.Attempt));
        }
        catch (Exception ex)
        {
            entry.Answer.TrySetException(ex);
        }
    }

    private sealed record Entry(string Owner, AttemptRecord Attempt, TaskCompletionSource<AttemptCompletion> Answer);
}
