using System.Text.Json;
using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;
using StatuutHub.Validation;

namespace StatuutHub.Host.Intake;

/// <summary>The public attest API v1: submit, status, amend, cancel, routing preview. Each handler
/// translates HTTP to an <see cref="AttestIntake"/> use case and its result back, nothing else.</summary>
public static class AttestApi
{
    private const string Channel = "rest";

    public static void MapAttestApi(this IEndpointRouteBuilder app)
    {
        const string tag = "Attests";
        var api = app.MapGroup("/api/v1").RequireAuthorization(HubPolicies.Initiative);
        api.MapPost("/attests", SubmitAsync).AcceptsAttest()
            .Described(tag, "Een attest indienen / Submit an attest", 400, 409, 413, 415)
            .Produces<JsonElement>(StatusCodes.Status202Accepted);
        api.MapGet("/attests/{attestId:guid}", GetAsync)
            .Described(tag, "Status van een attest en elke bezorging / An attest's status and each delivery", 404)
            .Produces<JsonElement>(StatusCodes.Status200OK);
        api.MapPut("/attests/{attestId:guid}", AmendAsync).AcceptsAttest()
            .Described(tag, "Een attest wijzigen (nieuwe versie) / Amend an attest (a new version)", 400, 404, 409, 413, 415)
            .Produces<JsonElement>(StatusCodes.Status202Accepted);
        api.MapPost("/attests/{attestId:guid}/cancel", CancelAsync)
            .Described(tag, "Een attest annuleren / Cancel an attest", 404, 409)
            .Produces<JsonElement>(StatusCodes.Status202Accepted);
        api.MapPost("/routing/preview", PreviewAsync).AcceptsAttest()
            .Described(tag, "Welke instanties, waarom en tegen wanneer (bewaart niets) / Which bodies, why and by when (stores nothing)", 400, 413, 415)
            .Produces<JsonElement>(StatusCodes.Status200OK);
    }

    private static async Task<IResult> SubmitAsync([AsParameters] IntakeRequest request, CancellationToken ct)
    {
        var (incoming, problem) = await request.ReadAttestAsync(ct);
        return incoming is null ? problem! : Answer(await request.Intake.SubmitAsync(incoming, request.Requester, Channel, ct));
    }

    private static async Task<IResult> GetAsync(Guid attestId, [AsParameters] IntakeRequest request, CancellationToken ct) =>
        await request.Intake.FindAsync(attestId, request.Requester, ct) is { } view
            ? Results.Ok(AttestStatusDocument.From(view, request.Deadlines))
            : HubProblems.Refused(Refusals.NotFound(attestId));

    private static async Task<IResult> AmendAsync(Guid attestId, [AsParameters] IntakeRequest request, CancellationToken ct)
    {
        var (incoming, problem) = await request.ReadAttestAsync(ct);
        return incoming is null ? problem! : Answer(await request.Intake.AmendAsync(incoming, attestId, request.Requester, Channel, ct));
    }

    private static async Task<IResult> CancelAsync(Guid attestId, [AsParameters] IntakeRequest request, CancellationToken ct) =>
        Answer(await request.Intake.CancelAsync(attestId, request.Requester, ct));

    private static async Task<IResult> PreviewAsync([AsParameters] IntakeRequest request, CancellationToken ct)
    {
        var (incoming, problem) = await request.ReadAttestAsync(ct);
        if (incoming is null)
        {
            return problem!;
        }

        var preview = request.Intake.Preview(incoming);
        if (preview is not { Attest: { } attest, Plan: { } plan })
        {
            return HubProblems.Invalid(preview.Problems);
        }

        return Results.Ok(new
        {
            attestId = attest.AttestId,
            destinations = preview.Messages.Select(p => new
            {
                destination = p.Message.Destination.Id,
                kind = Destination.KindName(p.Message.Destination.Kind),
                message = p.Message.Kind.ToString(),
                reason = p.Message.Reason,
                waitsOn = p.Message.WaitsOn?.Id,
                dueBy = p.DueBy,
                expectedAnswerBy = p.ExpectedAnswerBy,
            }),
            gaps = plan.Gaps.Select(g => new { benefit = ContractNames.BenefitNamesOf(g.Benefit).Single(), body = g.Body, reason = g.Reason }),
            spared = plan.Spared.Select(s => new { body = s.Body, reference = s.Reference, validUntil = s.ValidUntil }),
        });
    }

    private static IResult Answer(IntakeResult result) => result switch
    {
        IntakeResult.Accepted accepted => Results.Accepted(StatusUrl(accepted.Write.AttestId), AcceptedDocument(accepted)),
        IntakeResult.Invalid { Problems: var problems } => HubProblems.Invalid(problems),
        IntakeResult.Refused { Refusal: var refusal } => HubProblems.Refused(refusal),
        _ => throw new InvalidOperationException($"Unknown intake result {result}."),
    };

    /// <summary>Where an attest's status is read.</summary>
    public static string StatusUrl(Guid attestId) => $"/api/v1/attests/{attestId}";

    /// <summary>The answer to an accepted submission or amendment, on every channel that answers in JSON.</summary>
    public static object AcceptedDocument(IntakeResult.Accepted accepted) => new
    {
        attestId = accepted.Write.AttestId,
        version = accepted.Write.Version,
        status = accepted.Write.Status.ToString(),
        statusUrl = StatusUrl(accepted.Write.AttestId),
        warnings = accepted.Warnings.Select(p => new { path = p.Path, code = p.Code, message = p.MessageNl, messageEn = p.MessageEn }),
    };
}

/// <summary>What every attest handler needs, bundled: the request, its caller and the intake use cases.</summary>
public sealed record IntakeRequest(HttpContext Http, AttestIntake Intake, IntakeLimits Limits, DeadlineWatch Deadlines)
{
    /// <summary>The authenticated caller as the use cases know it.</summary>
    public StatuutHub.Application.Requester Requester => Http.Caller().AsRequester();

    /// <summary>The body as an incoming attest, or the 413/415 problem to answer instead.</summary>
    public async Task<(IncomingAttest? Attest, IResult? Problem)> ReadAttestAsync(CancellationToken ct)
    {
        var (body, format, problem) = await RequestBody.ReadAsync(Http.Request, Limits, ct);
        return problem is null ? (IncomingAttest.Document(body, format), null) : (null, problem);
    }
}
