using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StatuutHub.Application.Reconciliation;

/// <summary>Runs <see cref="DecisionReconciler"/>: once at start-up for everything outstanding (decisions lost while the hub
/// was down), then every <see cref="ReconciliationOptions.PollInterval"/>.</summary>
public sealed class ReconciliationLoop(DecisionReconciler reconciler, IOptions<ReconciliationOptions> options, TimeProvider time, ILogger<ReconciliationLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var everythingOutstanding = true;
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                var asked = await reconciler.RunOnceAsync(everythingOutstanding, stoppingToken);
                if (asked > 0)
                {
                    logger.LogInformation("Reconciliation: asked the agencies about {Count} deliveries{Startup}", asked, everythingOutstanding ? " (start-up: everything outstanding)" : string.Empty);
                }

                everythingOutstanding = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A store or agency outage: try again at the next tick.
                logger.LogWarning(ex, "Reconciliation round failed; next try in {Interval}", options.Value.PollInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
