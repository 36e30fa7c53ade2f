using StatuutHub.Delivery.Dispatch;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Host.Intake;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;
using StatuutHub.Domain.Attests;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Admin;

/// <summary><c>/api/v1/admin/...</c>: the dashboard's powers as JSON, for scripts and the CLI.</summary>
/// <remarks>Staff API keys only (scripts, the CLI): reads need <c>viewer</c> or <c>operator</c>, actions
/// <c>operator</c>; actions are audited as the key's staff member.</remarks>
public static class AdminApi
{
    public static void MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(HubPolicies.StaffViewer);
        admin.MapGet("/overview", async (IHubStore store, DestinationPipelines pipelines, TimeProvider time, CancellationToken ct) =>
        {
            var overview = await store.GetOverviewAsync(time.GetUtcNow(), ct);
            return Results.Ok(new
            {
                byState = overview.ByState.ToDictionary(s => s.Key.ToString(), s => s.Value),
                byDestination = overview.ByDestination.Select(d => new { destination = d.Destination, state = d.State.ToString(), count = d.Count }),
                oldestPendingSeconds = overview.OldestPendingAge?.TotalSeconds,
                circuits = pipelines.CircuitStates().ToDictionary(c => c.Key, c => c.Value.ToString()),
                lastDay = overview.LastDay.Select(h => new { hour = h.Hour, submitted = h.Submitted, recognised = h.Recognised, medianSecondsToRecognition = h.MedianTimeToRecognition?.TotalSeconds }),
            });
        });
        admin.MapGet("/deliveries", async (string? state, string? destination, string? initiative, DateTimeOffset? from, DateTimeOffset? to, long? before, int? pageSize, IHubStore store, CancellationToken ct) =>
        {
            if (!TryState(state, out var parsed))
            {
                return HubProblems.Single(StatusCodes.Status400BadRequest, "UNKNOWN_STATE", $"Onbekende toestand '{state}'.", $"Unknown state '{state}'.");
            }

            var page = await store.ListDeliveriesAsync(new DeliveryQuery(parsed, destination, initiative, from, to, before, pageSize ?? 50), ct);
            return Results.Ok(new
            {
                items = page.Items.Select(d => new
                {
                    deliveryId = d.DeliveryId, attestId = d.AttestId, initiative = d.InitiativeKbo, destination = d.Destination, version = d.Version,
                    message = d.Kind.ToString(), state = d.State.ToString(), attempts = d.Attempts, createdAt = d.CreatedAt, dueAt = d.DueAt,
                    reasonCode = d.ReasonCode, lastError = d.LastError,
                }),
                nextBefore = page.NextBefore,
            });
        });
        admin.MapGet("/failures", async (IHubStore store, CancellationToken ct) =>
            Results.Ok((await store.GetFailureGroupsAsync(ct)).Select(g => new { destination = g.Destination, state = g.State.ToString(), reason = g.Reason, count = g.Count, deliveryIds = g.DeliveryIds })));
        admin.MapPost("/deliveries/{deliveryId:long}/retry", async (long deliveryId, HttpContext http, IHubStore store, DispatchSignal signal, TimeProvider time, CancellationToken ct) =>
            Requeued(await Requeue(store, signal, [deliveryId], http.Caller().Actor, time, ct)))
            .RequireAuthorization(HubPolicies.StaffOperator);
        admin.MapPost("/dead-letters/replay", async (ReplayRequest body, HttpContext http, IHubStore store, DispatchSignal signal, TimeProvider time, CancellationToken ct) =>
        {
            var ids = body.DeliveryIds ?? (await store.GetFailureGroupsAsync(ct))
                .Where(g => g.State == DeliveryState.DeadLettered && (body.Destination is null || g.Destination == body.Destination))
                .SelectMany(g => g.DeliveryIds).ToArray();
            return Requeued(await Requeue(store, signal, ids, http.Caller().Actor, time, ct));
        }).RequireAuthorization(HubPolicies.StaffOperator);
        // An operator may withdraw an attest for an initiative (for example one that stopped), sending the cancellations.
        admin.MapPost("/attests/{attestId:guid}/cancel", async (Guid attestId, HttpContext http, IHubStore store, DispatchSignal signal, TimeProvider time, CancellationToken ct) =>
        {
            var result = await store.ChangeAsync(attestId, AttestChange.Cancelled, null, http.Caller().Actor, time.GetUtcNow(), ct);
            if (result.Outcome == WriteOutcome.Accepted)
            {
                signal.Wake();
            }

            return WriteOutcomes.RefusalOf(result) is { } r
                ? HubProblems.Single(r.Status, r.Code, r.MessageNl, r.MessageEn)
                : Results.Accepted($"/api/v1/admin/attests/{attestId}", new { attestId, version = result.Version, status = result.Status.ToString() });
        }).RequireAuthorization(HubPolicies.StaffOperator);
        admin.MapGet("/attests/{attestId:guid}", async (Guid attestId, IHubStore store, CancellationToken ct) =>
            await store.GetAttestAsync(attestId, ct) is { } view ? Results.Ok(AttestStatusDocument.From(view)) : HubProblems.Single(StatusCodes.Status404NotFound, "ATTEST_NOT_FOUND", "Onbekend attest.", "Unknown attest."));
        admin.MapGet("/audit/verify", async (IHubStore store, CancellationToken ct) =>
        {
            var result = await store.VerifyAuditAsync(ct);
            return Results.Ok(new { intact = result.Intact, events = result.Events, firstBrokenSequence = result.FirstBrokenSequence, reason = result.Reason });
        });
        // POST, so an INSZ never travels in a URL (proxies and access logs keep URLs).
        admin.MapPost("/search", async (SearchRequest body, IHubStore store, CancellationToken ct) =>
        {
            var found = await Search(store, body.Query ?? string.Empty, ct);
            return found is null
                ? HubProblems.Single(StatusCodes.Status400BadRequest, "SEARCH_NOT_UNDERSTOOD", "Geef een attestId, een INSZ of een KBO-nummer.", "Give an attestId, an INSZ or a KBO number.")
                : Results.Ok(found.Select(a => new { attestId = a.AttestId, initiative = a.InitiativeKbo, insz = a.InszMasked, start = a.Start, end = a.End, version = a.Version, cancelled = a.Cancelled, submittedAt = a.SubmittedAt }));
        });
    }

    /// <summary>Reads a search term: an attest id, an INSZ (printed forms allowed) or a KBO number; null when none of those.</summary>
    public static async Task<IReadOnlyList<AttestSummary>?> Search(IHubStore store, string query, CancellationToken ct)
    {
        var q = query.Trim();
        if (Guid.TryParse(q, out var id))
        {
            return await store.SearchAttestsAsync(id, null, null, ct);
        }

        if (Insz.TryParse(q, out var insz, out _))
        {
            return await store.SearchAttestsAsync(null, insz.Value, null, ct);
        }

        return KboNumber.TryParse(q, out var kbo, out _) ? await store.SearchAttestsAsync(null, null, kbo.Value, ct) : null;
    }

    /// <summary>Requeues and wakes the dispatcher.</summary>
    public static async Task<RequeueResult> Requeue(IHubStore store, DispatchSignal signal, IReadOnlyCollection<long> ids, string actor, TimeProvider time, CancellationToken ct)
    {
        var result = await store.RequeueAsync(ids, actor, time.GetUtcNow(), ct);
        if (result.Requeued > 0)
        {
            signal.Wake();
        }

        return result;
    }

    public static bool TryState(string? text, out DeliveryState? state)
    {
        state = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (Enum.TryParse<DeliveryState>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            state = parsed;
            return true;
        }

        return false;
    }

    private static IResult Requeued(RequeueResult result) => Results.Ok(new { requeued = result.Requeued, skipped = result.Skipped });

    public sealed record ReplayRequest(long[]? DeliveryIds, string? Destination);

    public sealed record SearchRequest(string? Query);
}
