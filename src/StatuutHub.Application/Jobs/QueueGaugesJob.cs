using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Delivery.Telemetry;

/// <summary>Reads the store's counts every <see cref="GaugeOptions.RefreshInterval"/> (15 seconds) for the queue gauges, so a
/// metrics scrape never queries the store.</summary>
public sealed class StoreGaugeRefresher(ISupportQueries store, HubMetrics metrics, TimeProvider time, IOptions<GaugeOptions> options, ILogger<StoreGaugeRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        try
        {
            await RefreshUntilStoppedAsync(timer, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task RefreshUntilStoppedAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                var queue = await store.GetQueueAsync(time.GetUtcNow(), stoppingToken);
                metrics.Update(new StoreSnapshot(
                    queue.ByDestination.Select(d => (d.Destination, d.State.ToString(), (long)d.Count)).ToArray(),
                    queue.ByState[DeliveryState.Pending] + queue.ByState[DeliveryState.RetryScheduled],
                    queue.OldestPendingAge?.TotalSeconds ?? 0));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not refresh the queue gauges; keeping the previous values");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
