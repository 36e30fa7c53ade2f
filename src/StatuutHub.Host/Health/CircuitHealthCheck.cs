using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Host.Health;

/// <summary>Degraded while any destination's circuit is open or half-open: the agency is not being called, messages wait.</summary>
public sealed class CircuitHealthCheck(DestinationPipelines pipelines) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = pipelines.CircuitStates();
        var data = states.ToDictionary(s => s.Key, s => (object)s.Value.ToString());
        var open = states.Where(s => s.Value is not CircuitState.Closed).Select(s => s.Key).ToList();
        return Task.FromResult(open.Count == 0
            ? HealthCheckResult.Healthy("every circuit closed", data)
            : HealthCheckResult.Degraded($"circuit not closed: {string.Join(", ", open)}", data: data));
    }
}
