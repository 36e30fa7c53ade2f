using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Telemetry;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Jobs;

/// <summary>Reads the store's counts every <see cref="GaugeOptions.RefreshInterval"/> (15 seconds) for the queue gauges, so a
/// metrics scrape never queries the store. Each process keeps its own gauges.</summary>
public sealed class QueueGaugesJob(ISupportQueries store, HubMetrics metrics, TimeProvider time, IOptions<GaugeOptions> options) : IPeriodicJob
{
    /// <inheritdoc />
    public string Name => "queue-gauges";

    /// <inheritdoc />
    public bool Enabled => true;

    /// <inheritdoc />
    public TimeSpan Interval => options.Value.RefreshInterval;

    /// <inheritdoc />
    public bool OncePerHub => false;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken ct)
    {
        var queue = await store.GetQueueAsync(time.GetUtcNow(), ct);
        metrics.Update(new StoreSnapshot(
            queue.ByDestination.Select(d => (d.Destination, d.State.ToString(), (long)d.Count)).ToArray(),
            queue.ByState[DeliveryState.Pending] + queue.ByState[DeliveryState.RetryScheduled],
            queue.OldestPendingAge?.TotalSeconds ?? 0));
    }
}
