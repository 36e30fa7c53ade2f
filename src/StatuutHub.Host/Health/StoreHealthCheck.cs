using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Health;

/// <summary>The store answers a query within <see cref="HealthOptions.StoreTimeout"/>: a hung database makes the hub
/// not ready instead of hanging the probe.</summary>
public sealed class StoreHealthCheck(IStoreLifecycle store, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.StoreTimeout);
        try
        {
            return await store.IsReadyAsync(timeout.Token).WaitAsync(timeout.Token)
                ? HealthCheckResult.Healthy("store answers")
                : HealthCheckResult.Unhealthy("store unavailable");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"store did not answer within {options.Value.StoreTimeout.TotalSeconds:0.#} s");
        }
    }
}
