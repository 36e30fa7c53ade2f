using StatuutHub.Delivery.Resilience;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Health;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the store answers too; also
/// lists each destination's circuit state.</summary>
public static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder app)
    {
        // Open, for load balancers and probes: they show no data.
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).AllowAnonymous();
        app.MapGet("/health/ready", async (IStoreLifecycle store, DestinationPipelines pipelines, CancellationToken ct) =>
        {
            var ready = await store.IsReadyAsync(ct);
            var body = new
            {
                status = ready ? "ready" : "store unavailable",
                circuits = pipelines.CircuitStates().ToDictionary(c => c.Key, c => c.Value.ToString()),
            };
            return ready ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
    }
}
