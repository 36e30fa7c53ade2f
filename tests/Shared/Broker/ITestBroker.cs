using Microsoft.Extensions.Logging.Abstractions;
using StatuutHub.Broker;

namespace StatuutHub.Tests.Shared.Broker;

/// <summary>A broker a test starts (RabbitMQ, or the Service Bus test endpoint), as the broker tests use it whichever it is: its
/// options and the hub's settings for it, queues made ready, stopped and started again, and its dead letters read.</summary>
public interface ITestBroker : IAsyncDisposable
{
    /// <summary>What a test calls the flavour in its output.</summary>
    string Name { get; }

    /// <summary>Options for a transport of the test's own (to play an agency or an initiative, or for the simulated agencies).</summary>
    BrokerOptions Options(Action<BrokerOptions>? configure = null);

    /// <summary>The hub's settings for this broker.</summary>
    IEnumerable<KeyValuePair<string, string?>> HubSettings();

    /// <summary>Makes the queues ready, as an operator makes a namespace's entities (RabbitMQ declares them when a link attaches).</summary>
    void Declare(params string[] queues);

    /// <summary>Stops the broker; what it confirmed it keeps.</summary>
    Task StopAsync();

    /// <summary>Starts it again where it was.</summary>
    Task RestartAsync();

    /// <summary>Takes <paramref name="count"/> dead letters of <paramref name="queue"/>, each with its reason in
    /// <see cref="QueueMessages.DeadLetterReason"/>, in the order they came.</summary>
    Task<IReadOnlyList<QueueMessage>> DeadLettersAsync(string queue, int count, TimeSpan patience);
}

/// <summary>Reading a queue through a transport of the test's own.</summary>
public static class TestTransports
{
    /// <summary>A transport on <paramref name="broker"/>, for the test to play an agency or an initiative.</summary>
    public static IBrokerTransport Transport(this ITestBroker broker, Action<BrokerOptions>? configure = null) =>
        BrokerTransports.Create(broker.Options(configure), TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>Takes the first <paramref name="count"/> messages of <paramref name="queue"/> (each completed), in the order they came.</summary>
    public static async Task<IReadOnlyList<QueueMessage>> TakeAsync(this IBrokerTransport transport, string queue, int count, TimeSpan patience)
    {
        var taken = new List<QueueMessage>();
        using var done = new CancellationTokenSource(patience);
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = transport.ConsumeAsync(queue, (message, _) =>
        {
            lock (taken)
            {
                if (taken.Count >= count)
                {
                    return Task.FromResult(QueueSettlement.Abandon); // not this test's: leave it
                }

                taken.Add(message);
                if (taken.Count == count)
                {
                    all.TrySetResult();
                }
            }

            return Task.FromResult(QueueSettlement.Complete);
        }, done.Token);
        await all.Task.WaitAsync(done.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        await done.CancelAsync();
        await reading.ContinueWith(_ => { }, TaskScheduler.Default);
        lock (taken)
        {
            return taken.Count == count ? taken.ToArray() : throw new TimeoutException($"{taken.Count} of {count} messages on {queue} within {patience}");
        }
    }
}
