using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
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
            .Produces<AcceptedAnswer>(StatusCodes.Status202Accepted);
        api.MapGet("/attests", ChangesAsync)
            .Described(tag, "Mijn attesten die wijzigden, in volgorde van hun laatste wijziging (cursor) / My attests that changed, in the order of their latest change (cursor)", 400)
            .Produces<ChangesPage>(StatusCodes.Status200OK);
        api.MapGet("/attests/{attestId:guid}", GetAsync)
            .Described(tag, "Status van een attest en elke bezorging / An attest's status and each delivery", 404)
            .Produces<AttestStatusDocument>(StatusCodes.Status200OK);
        api.MapPut("/attests/{attestId:guid}", AmendAsync).AcceptsAttest()
            .Described(tag, "Een attest wijzigen (nieuwe versie; If-Match met de ETag van de status) / Amend an attest (a new version; If-Match with the status's ETag)", 400, 404, 409, 412, 413, 415, 428)
            .Produces<AcceptedAnswer>(StatusCodes.Status202Accepted);
        api.MapPost("/attests/{attestId:guid}/cancel", CancelAsync)
            .Described(tag, "Een attest annuleren (If-Match met de ETag van de status) / Cancel an attest (If-Match with the status's ETag)", 404, 409, 412, 428)
            .Produces<AcceptedAnswer>(StatusCodes.Status202Accepted);
        api.MapPost("/routing/preview", PreviewAsync).AcceptsAttest()
            .Described(tag, "Welke instanties, waarom en tegen wanneer (bewaart niets) / Which bodies, why and by when (stores nothing)", 400, 413, 415)
            .Produces<RoutingPreviewAnswer>(StatusCodes.Status200OK);
    }

    private static async Task<IResult> SubmitAsync([AsParameters] IntakeRequest request, CancellationToken ct)
    {
        var (incoming, problem) = await request.ReadAttestAsync(ct);
        return incoming is null ? problem! : Answer(await request.Intake.SubmitAsync(incoming, request.Requester, Channel, ct), request.Http);
    }

    private static async Task<IResult> GetAsync(Guid attestId, [AsParameters] IntakeRequest request, CancellationToken ct)
    {
        if (await request.Intake.FindAsync(attestId, request.Requester, ct) is not { } view)
        {
            return HubProblems.Refused(Refusals.NotFound(attestId));
        }

        request.Http.Response.Headers.ETag = VersionPreconditions.ETagOf(view.Version);
        return TypedResults.Ok(AttestStatusDocument.From(view, request.Deadlines, forInitiative: request.Requester.IsInitiative));
    }

    /// <summary><c>GET /api/v1/attests?changedSince=&amp;status=&amp;cursor=&amp;limit=</c>: the caller's attests that changed, keyset-paged by an
    /// opaque cursor; follow <c>next</c> while <c>more</c>, and keep it to ask again later.</summary>
    private static async Task<IResult> ChangesAsync(HttpContext http, ChangeFeed feed, DateTimeOffset? changedSince, string? status, string? cursor, int? limit, CancellationToken ct)
    {
        if (!ChangeCursor.TryRead(cursor, out var after))
        {
            return HubProblems.Single(StatusCodes.Status400BadRequest, "CURSOR_INVALID", "De cursor is niet er een die de hub gaf.", "The cursor is not one the hub gave.");
        }

        AttestStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<AttestStatus>(status, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed))
            {
                return HubProblems.Single(StatusCodes.Status400BadRequest, "STATUS_UNKNOWN", $"Onbekende status '{status}': InProgress, Recognised, Refused of Cancelled.",
                    $"Unknown status '{status}': InProgress, Recognised, Refused or Cancelled.");
            }

            wanted = parsed;
        }

        if (limit is < 1 or > ChangeFeed.MaxLimit)
        {
            return HubProblems.Single(StatusCodes.Status400BadRequest, "LIMIT_OUT_OF_RANGE", $"limit ligt tussen 1 en {ChangeFeed.MaxLimit}.", $"limit is between 1 and {ChangeFeed.MaxLimit}.");
        }

        var page = await feed.ReadAsync(http.Caller().AsRequester(), after, changedSince, wanted, limit ?? 100, ct);
        return TypedResults.Ok(new ChangesPage(
            [.. page.Items.Select(i => new ChangedAttest(i.AttestId, i.Version, i.Status.ToString(), i.ChangedAt, StatusUrl(i.AttestId)))],
            ChangeCursor.Write(page.Next),
            page.More));
    }

    private static async Task<IResult> AmendAsync(Guid attestId, [AsParameters] IntakeRequest request, CancellationToken ct)
    {
        var (expected, precondition) = VersionPreconditions.Read(request.Http.Request, request.Limits);
        if (precondition is not null)
        {
            return precondition;
        }

        var (incoming, problem) = await request.ReadAttestAsync(ct);
        return incoming is null ? problem! : Answer(await request.Intake.AmendAsync(incoming, attestId, request.Requester, Channel, ct, expected), request.Http);
    }

    private static async Task<IResult> CancelAsync(Guid attestId, [AsParameters] IntakeRequest request, CancellationToken ct)
    {
        var (expected, precondition) = VersionPreconditions.Read(request.Http.Request, request.Limits);
        return precondition ?? Answer(await request.Intake.CancelAsync(attestId, request.Requester, ct, expected), request.Http);
    }

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

        return TypedResults.Ok(RoutingPreviewAnswer.From(attest, plan, preview.Messages));
    }

    private static IResult Answer(IntakeResult result, HttpContext http) => result switch
    {
        IntakeResult.Accepted accepted => Accepted(accepted, http),
        IntakeResult.Invalid { Problems: var problems } => HubProblems.Invalid(problems),
        IntakeResult.Refused { Refusal: var refusal } => HubProblems.Refused(refusal),
        _ => throw new InvalidOperationException($"Unknown intake result {result}."),
    };

    /// <summary>202 with the new version's ETag, so the caller can amend again without reading the status first.</summary>
    private static IResult Accepted(IntakeResult.Accepted accepted, HttpContext http)
    {
        http.Response.Headers.ETag = VersionPreconditions.ETagOf(accepted.Write.Version);
        return TypedResults.Accepted(StatusUrl(accepted.Write.AttestId), AcceptedAnswer.From(accepted));
    }

    /// <summary>Where an attest's status is read.</summary>
    public static string StatusUrl(Guid attestId) => $"/api/v1/attests/{attestId}";
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
