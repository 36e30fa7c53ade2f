using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Jobs;

namespace StatuutHub.Application.Reconciliation;

/// <summary>Runs <see cref="DecisionReconciler"/>: at its first run in a process for everything outstanding (decisions lost while the
/// hub was down), then every <see cref="ReconciliationOptions.PollInterval"/> for what is due.</summary>
public sealed class ReconciliationJob(DecisionReconciler reconciler, IOptions<ReconciliationOptions> options, ILogger<ReconciliationJob> logger) : IPeriodicJob
{
    private bool _everythingOutstanding = true;

    /// <inheritdoc />
    public string Name => "reconciliation";

    /// <inheritdoc />
    public bool Enabled => options.Value.Enabled;

    /// <inheritdoc />
    public TimeSpan Interval => options.Value.PollInterval;

    /// <inheritdoc />
    public bool OncePerHub => true;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken ct)
    {
        var asked = await reconciler.RunOnceAsync(_everythingOutstanding, ct);
        if (asked > 0)
        {
            logger.LogInformation("Reconciliation: asked the agencies about {Count} deliveries{Startup}", asked, _everythingOutstanding ? " (everything outstanding)" : string.Empty);
        }

        _everythingOutstanding = false;
    }
}
