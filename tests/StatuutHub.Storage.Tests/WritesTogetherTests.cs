using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Tests;

/// <summary>How writes of one kind are gathered: two rounds run at once, and what arrives while both run waits and goes together
/// in the next; each caller is answered with its own write's result. No timing: each write waits on a gate the test opens.</summary>
public sealed class WritesTogetherTests
{
    private readonly Dictionary<string, TaskCompletionSource> _gates = [];
    private readonly List<string> _started = [];
    private readonly List<string[]> _together = [];
    private bool _allOpen;

    [Fact]
    public Task TwoRoundsRunAtOnce_AndWhatArrivesMeanwhileGoesTogetherInTheNext() => WithQueueAsync(async writes =>
    {
        var a = writes.RunAsync("a");
        await StartedAsync("a");
        var b = writes.RunAsync("b");
        await StartedAsync("b"); // a second round while the first still waits for its commit

        var c = writes.RunAsync("c");
        var d = writes.RunAsync("d");
        Assert.Equal(["a", "b"], Started()); // no place for a third round: c and d wait

        Open("a");
        Assert.Equal("a written", await a);
        await StartedAsync("c+d");
        Assert.Equal(["c", "d"], Assert.Single(_together));

        Open("b");
        Open("c+d");
        Assert.Equal(["b written", "c together", "d together"], await Task.WhenAll(b, c, d));
    });

    [Fact]
    public Task AWriteTheSharedUnitDidNotTake_IsWrittenAlone_AndItsCallerHearsThat() => WithQueueAsync(async writes =>
    {
        var first = writes.RunAsync("first");
        await StartedAsync("first");
        var second = writes.RunAsync("second");
        await StartedAsync("second");
        var kept = writes.RunAsync("kept");
        var left = writes.RunAsync("left:x");
        Open("first");
        await StartedAsync("kept+left:x");
        Open("kept+left:x");
        await StartedAsync("left:x");
        Open("left:x");
        Open("second");
        Assert.Equal(["first written", "second written", "kept together", "left:x written"], await Task.WhenAll(first, second, kept, left));
    });

    // A queue whose gates all open before it is disposed: a test that failed half-way leaves writes at their gates, and the
    // queue's disposal would wait for them forever.
    private async Task WithQueueAsync(Func<WritesTogether<string, string>, Task> test)
    {
        await using var writes = new WritesTogether<string, string>(TogetherAsync, AloneAsync);
        try
        {
            await test(writes);
        }
        finally
        {
            OpenAll();
        }
    }

    private void OpenAll()
    {
        lock (_gates)
        {
            _allOpen = true;
            foreach (var gate in _gates.Values)
            {
                gate.TrySetResult();
            }
        }
    }

    private async Task<WritesTogether<string, string>.Taken[]> TogetherAsync(IReadOnlyList<string> items)
    {
        lock (_together)
        {
            _together.Add([.. items]);
        }

        await Gate(string.Join('+', items));
        return [.. items.Select(i => new WritesTogether<string, string>.Taken(!i.StartsWith("left", StringComparison.Ordinal), i + " together"))];
    }

    private async Task<string> AloneAsync(string item)
    {
        await Gate(item);
        return item + " written";
    }

    private Task Gate(string name)
    {
        lock (_gates)
        {
            _started.Add(name);
            Monitor.PulseAll(_gates);
            return _allOpen ? Task.CompletedTask : GateOf(name).Task;
        }
    }

    private TaskCompletionSource GateOf(string name)
    {
        if (!_gates.TryGetValue(name, out var gate))
        {
            _gates[name] = gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return gate;
    }

    private void Open(string name)
    {
        lock (_gates)
        {
            GateOf(name).TrySetResult();
        }
    }

    private string[] Started()
    {
        lock (_gates)
        {
            return [.. _started];
        }
    }

    // Waits until the write named has reached its gate (a signal, not a sleep); fails the test after 10 s.
    private Task StartedAsync(string name) => Task.Run(() =>
    {
        lock (_gates)
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (!_started.Contains(name))
            {
                var left = until - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero, $"'{name}' never started; started: {string.Join(", ", _started)}");
                Monitor.Wait(_gates, left);
            }
        }
    });
}
