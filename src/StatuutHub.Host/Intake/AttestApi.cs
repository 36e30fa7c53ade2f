using StatuutHub.Delivery.Dispatch;
using StatuutHub.Delivery.Telemetry;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation;

namespace StatuutHub.Host.Intake;

/// <summary>The public attest API v1 (DOMAIN.md): submit, status, amend, cancel, routing preview.
/// Endpoints translate HTTP ↔ validator/store and nothing else.</summary>
public static class AttestApi
{
    public static void MapAttestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(HubPolicies.Initiative);
        api.MapPost("/attests", SubmitAsync);
        api.MapGet("/attests/{attestId:guid}", GetAsync);
        api.MapPut("/attests/{attestId:guid}", AmendAsync);
        api.MapPost("/attests/{attestId:guid}/cancel", CancelAsync);
        api.MapPost("/routing/preview", PreviewAsync);
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, HttpRequest request, AttestValidator validator, IntakeLimits limits, IHubStore store, DispatchSignal signal, TimeProvider time, HubMetrics metrics, CancellationToken ct)
    {
        var (attest, problem) = await ValidateBodyAsync(request, validator, limits, metrics, ct);
        if (attest is null)
        {
            return problem!;
        }

        var caller = http.Caller();
        if (AttestAccess.CheckSubmitter(attest, caller) is { } mismatch)
        {
            return Problem(mismatch);
        }

        var result = await store.SubmitAsync(attest, caller.Actor, time.GetUtcNow(), ct);
        if (result.Outcome == WriteOutcome.Accepted)
        {
            signal.Wake();
            metrics.AttestAccepted("rest");
        }

        return await AnswerAsync(result, store, caller, ct);
    }

    private static async Task<IResult> GetAsync(HttpContext http, Guid attestId, IHubStore store, CancellationToken ct)
    {
        var view = await AttestAccess.OwnedAsync(store, attestId, http.Caller(), ct);
        return view is null ? NotFound(attestId) : Results.Ok(AttestStatusDocument.From(view));
    }

    private static async Task<IResult> AmendAsync(HttpContext http, Guid attestId, HttpRequest request, AttestValidator validator, IntakeLimits limits, IHubStore store, DispatchSignal signal, TimeProvider time, HubMetrics metrics, CancellationToken ct)
    {
        var (attest, problem) = await ValidateBodyAsync(request, validator, limits, metrics, ct);
        if (attest is null)
        {
            return problem!;
        }

        if (attest.AttestId != attestId)
        {
            return Problem(WriteOutcomes.IdMismatch);
        }

        var caller = http.Caller();
        if (await AttestAccess.OwnedAsync(store, attestId, caller, ct) is null)
        {
            return NotFound(attestId);
        }

        if (AttestAccess.CheckSubmitter(attest, caller) is { } mismatch)
        {
            return Problem(mismatch);
        }

        var result = await store.ChangeAsync(attestId, AttestChange.Amended, attest, caller.Actor, time.GetUtcNow(), ct);
        if (result.Outcome == WriteOutcome.Accepted)
        {
            signal.Wake();
            metrics.AttestAccepted("rest");
        }

        return await AnswerAsync(result, store, caller, ct);
    }

    private static async Task<IResult> CancelAsync(HttpContext http, Guid attestId, IHubStore store, DispatchSignal signal, TimeProvider time, CancellationToken ct)
    {
        var caller = http.Caller();
        if (await AttestAccess.OwnedAsync(store, attestId, caller, ct) is null)
        {
            return NotFound(attestId);
        }

        var result = await store.ChangeAsync(attestId, AttestChange.Cancelled, null, caller.Actor, time.GetUtcNow(), ct);
        if (result.Outcome == WriteOutcome.Accepted)
        {
            signal.Wake();
        }

        return await AnswerAsync(result, store, caller, ct);
    }

    private static async Task<IResult> PreviewAsync(HttpRequest request, AttestValidator validator, IntakeLimits limits, CancellationToken ct)
    {
        var (attest, problem) = await ValidateBodyAsync(request, validator, limits, null, ct);
        if (attest is null)
        {
            return problem!;
        }

        var plan = Router.Plan(attest);
        return Results.Ok(new
        {
            attestId = attest.AttestId,
            destinations = plan.Messages.Select(m => new { destination = m.Destination.Id, kind = Destination.KindName(m.Destination.Kind), message = m.Kind.ToString(), reason = m.Reason }),
            gaps = plan.Gaps.Select(g => new { benefit = ContractNames.BenefitNamesOf(g.Benefit).Single(), body = g.Body, reason = g.Reason }),
        });
    }

    private static async Task<(Attest? Attest, IResult? Problem)> ValidateBodyAsync(HttpRequest request, AttestValidator validator, IntakeLimits limits, HubMetrics? metrics, CancellationToken ct)
    {
        var (body, format, problem) = await RequestBody.ReadAsync(request, limits, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        var result = validator.Validate(body, format);
        if (!result.IsValid)
        {
            metrics?.AttestRejected("rest", result.Problems.Select(p => p.Code));
        }

        return result.IsValid ? (result.Attest, null) : (null, HubProblems.Invalid(result.Problems));
    }

    private static async Task<IResult> AnswerAsync(WriteResult result, IHubStore store, HubCaller caller, CancellationToken ct) =>
        await AttestAccess.ForCallerAsync(WriteOutcomes.RefusalOf(result), store, caller, ct) is { } refusal
        ? Problem(refusal)
        : Results.Accepted(
            $"/api/v1/attests/{result.AttestId}",
            new { attestId = result.AttestId, version = result.Version, status = result.Status.ToString(), statusUrl = $"/api/v1/attests/{result.AttestId}" });

    private static IResult Problem(Refusal r) => HubProblems.Single(r.Status, r.Code, r.MessageNl, r.MessageEn,
        r.ConflictingAttestId is null ? null : new Dictionary<string, object?> { ["conflictingAttestId"] = r.ConflictingAttestId });

    private static IResult NotFound(Guid attestId) => Problem(WriteOutcomes.NotFound(attestId));
}
