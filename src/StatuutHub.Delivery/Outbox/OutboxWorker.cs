using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StatuutHub.Delivery.Outbox;

/// <summary>One outbox the hub sends from: messages to agencies (<c>DeliveryDispatcher</c>) and events to initiatives
/// (<c>CallbackSender</c>). A round claims a batch of due work with a lease, sends it, and records each result.</summary>
public interface IOutboxSender
{
    /// <summary>The outbox's name in the log.</summary>
    string Name { get; }

    /// <summary>False: this process does not send from this outbox (tests drive <see cref="RunOnceAsync"/> themselves).</summary>
    bool Enabled { get; }

    /// <summary>A round that claimed this many was full: the next starts at once.</summary>
    int BatchSize { get; }

    /// <summary>How long to wait for new work when a round was not full, unless <see cref="Signal"/> wakes it first.</summary>
    TimeSpan PollInterval { get; }

    /// <summary>Wakes the outbox when new work is stored.</summary>
    WorkSignal Signal { get; }

    /// <summary>One round; returns how many items were claimed.</summary>
    Task<int> RunOnceAsync(CancellationToken ct);
}

/// <summary>Runs every <see cref="IOutboxSender"/>, each in its own loop: a full round is followed at once by the next; otherwise the
/// loop waits for the outbox's signal or its poll interval. A failed round (the store briefly unavailable) is logged and tried again
/// after the poll interval; nothing is lost, as claims expire.</summary>
public sealed class OutboxWorker(IEnumerable<IOutboxSender> senders, TimeProvider time, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(senders.Where(s => s.Enabled).Select(s => Task.Run(() => LoopAsync(s, stoppingToken), CancellationToken.None)));

    private async Task LoopAsync(IOutboxSender sender, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await sender.RunOnceAsync(stoppingToken) == sender.BatchSize)
                {
                    continue; // more is waiting
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(sender.Signal.WaitAsync(wait.Token), Task.Delay(sender.PollInterval, time, wait.Token));
                await wait.CancelAsync();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox {Outbox}: the round failed; retrying after {Interval}", sender.Name, sender.PollInterval);
                await Task.Delay(sender.PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

/// <summary>Wakes an outbox when new work is stored, so it does not wait for its next poll; many wakes collapse into one.</summary>
public abstract class WorkSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Say that work is waiting. Never blocks.</summary>
    public void Wake() => _channel.Writer.TryWrite(true);

    /// <summary>Completes at the next wake.</summary>
    public async Task WaitAsync(CancellationToken ct) => await _channel.Reader.ReadAsync(ct);
}
