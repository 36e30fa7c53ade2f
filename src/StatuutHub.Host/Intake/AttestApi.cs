using StatuutHub.Delivery.Dispatch;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Problems;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation;

namespace StatuutHub.Host.Intake;

/// <summary>The public attest API v1 (DOMAIN.md): submit, status, amend, cancel, routing preview.
/// Endpoints translate HTTP ↔ validator/store and nothing else.</summary>
public static class AttestApi
{
    public static void MapAttestApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapPost("/attests", SubmitAsync);
        api.MapGet("/attests/{attestId:guid}", GetAsync);
        api.MapPut("/attests/{attestId:guid}", AmendAsync);
        api.MapPost("/attests/{attestId:guid}/cancel", CancelAsync);
        api.MapPost("/routing/preview", PreviewAsync);
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, AttestValidator validator, IntakeLimits limits, IHubStore store, DispatchSignal signal, TimeProvider time, CancellationToken ct)
    {
        var (attest, problem) = await ValidateBodyAsync(request, validator, limits, ct);
        if (attest is null)
        {
            return problem!;
        }

        var result = await store.SubmitAsync(attest, Actor(attest), time.GetUtcNow(), ct);
        if (result.Outcome == WriteOutcome.Accepted)
        {
            signal.Wake();
        }

        return Answer(result);
    }

    private static async Task<IResult> GetAsync(Guid attestId, IHubStore store, CancellationToken ct)
    {
        var view = await store.GetAttestAsync(attestId, ct);
        return view is null ? NotFound(attestId) : Results.Ok(AttestStatusDocument.From(view));
    }

    private static async Task<IResult> AmendAsync(Guid attestId, HttpRequest request, AttestValidator validator, IntakeLimits limits, IHubStore store, DispatchSignal signal, TimeProvider time, CancellationToken ct)
    {
        var (attest, problem) = await ValidateBodyAsync(request, validator, limits, ct);
        if (attest is null)
        {
            return problem!;
        }

        if (attest.AttestId != attestId)
        {
            return HubProblems.Single(StatusCodes.Status400BadRequest, "ATTEST_ID_MISMATCH",
                "Het attestId in het document verschilt van dat in de URL.", "The attestId in the document differs from the one in the URL.");
        }

        var result = await store.ChangeAsync(attestId, AttestChange.Amended, attest, Actor(attest), time.GetUtcNow(), ct);
        if (result.Outcome == WriteOutcome.Accepted)
        {
            signal.Wake();
        }

        return Answer(result);
    }

    private static async Task<IResult> CancelAsync(Guid attestId, IHubStore store, DispatchSignal signal, TimeProvider time, CancellationToken ct)
    {
        var result = await store.ChangeAsync(attestId, AttestChange.Cancelled, null, "initiative", time.GetUtcNow(), ct);
        if (result.Outcome == WriteOutcome.Accepted)
        {
            signal.Wake();
        }

        return Answer(result);
    }

    private static async Task<IResult> PreviewAsync(HttpRequest request, AttestValidator validator, IntakeLimits limits, CancellationToken ct)
    {
        var (attest, problem) = await ValidateBodyAsync(request, validator, limits, ct);
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

    private static async Task<(Attest? Attest, IResult? Problem)> ValidateBodyAsync(HttpRequest request, AttestValidator validator, IntakeLimits limits, CancellationToken ct)
    {
        var (body, format, problem) = await RequestBody.ReadAsync(request, limits, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        var result = validator.Validate(body, format);
        return result.IsValid ? (result.Attest, null) : (null, HubProblems.Invalid(result.Problems));
    }

    private static IResult Answer(WriteResult result) => result.Outcome switch
    {
        WriteOutcome.Accepted or WriteOutcome.AlreadyAccepted => Results.Accepted(
            $"/api/v1/attests/{result.AttestId}",
            new { attestId = result.AttestId, version = result.Version, status = result.Status.ToString(), statusUrl = $"/api/v1/attests/{result.AttestId}" }),
        WriteOutcome.NotFound => NotFound(result.AttestId),
        _ => Conflict(result),
    };

    private static IResult Conflict(WriteResult result) => result.Conflict switch
    {
        "OVERLAPPING_ATTEST" => HubProblems.Single(StatusCodes.Status409Conflict, "OVERLAPPING_ATTEST",
            $"Er is al een actief attest {result.ConflictingAttestId} voor deze deelnemer in een overlappende periode.",
            $"An active attest {result.ConflictingAttestId} already exists for this participant in an overlapping period.",
            new Dictionary<string, object?> { ["conflictingAttestId"] = result.ConflictingAttestId }),
        "ATTEST_CANCELLED" => HubProblems.Single(StatusCodes.Status409Conflict, "ATTEST_CANCELLED",
            "Dit attest is ingetrokken en kan niet meer gewijzigd worden.", "This attest was cancelled and can no longer be changed."),
        _ => HubProblems.Single(StatusCodes.Status409Conflict, "ATTEST_ID_REUSED",
            "Dit attestId werd al gebruikt voor een attest met andere inhoud; wijzig het met PUT.",
            "This attestId was already used for an attest with other content; amend it with PUT."),
    };

    private static IResult NotFound(Guid attestId) => HubProblems.Single(StatusCodes.Status404NotFound, "ATTEST_NOT_FOUND",
        $"Attest {attestId} bestaat niet.", $"Attest {attestId} does not exist.");

    private static string Actor(Attest attest) => $"initiative:{attest.Initiative.Kbo.Value}";
}
