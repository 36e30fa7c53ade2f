using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace StatuutHub.Host.Health;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the framework's health checks — the store
/// answers within <c>Health:StoreTimeout</c> (else Unhealthy, 503), and every destination's circuit is closed (an open
/// one is Degraded: still 200, the hub accepts attests and holds the messages until the agency is back).</summary>
public static class HealthApi
{
    public const string ReadyTag = "ready";

    public static void AddStatuutHubHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection("Health")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<CircuitHealthCheck>("circuits", tags: [ReadyTag]);
    }

    public static void MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Open, for load balancers and probes: they show no data.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    /// <summary><c>{status, checks: {store: {status, description}, circuits: {…, data: {rva: "Closed", …}}}}</c>;
    /// status is <c>live</c> for the liveness probe, else <c>ready</c>, <c>degraded</c> or <c>unavailable</c>.</summary>
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var status = report.Entries.Count == 0 ? "live" : report.Status switch
        {
            HealthStatus.Healthy => "ready",
            HealthStatus.Degraded => "degraded",
            _ => "unavailable",
        };
        var checks = report.Entries.ToDictionary(e => e.Key, e => new
        {
            status = e.Value.Status.ToString(),
            description = e.Value.Description,
            data = e.Value.Data.Count == 0 ? null : e.Value.Data,
        });
        return http.Response.WriteAsJsonAsync(new { status, checks });
    }
}

/// <summary>The <c>Health</c> section.</summary>
public sealed class HealthOptions
{
    /// <summary>How long the store may take to answer the readiness probe before it counts as unavailable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
