using System.Text.Json;
using StatuutHub.Application.Inbox;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Intake;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;
using StatuutHub.Validation;

namespace StatuutHub.Host.Inbox;

/// <summary>The inbox for an office that scripts it, with the office's own key (<c>Security:Offices:{office}</c>): its requests
/// (<c>GET /api/v1/inbox</c>), one request with the body's own message (<c>GET /api/v1/inbox/{request}</c>), and a decision
/// (<c>POST /api/v1/inbox/{request}/decision</c>, for a key with the role <c>decider</c>). The same use cases as the pages
/// (<see cref="OfficeInbox"/>).</summary>
public static class InboxApi
{
    public static void MapInboxApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/inbox", ListAsync).RequireAuthorization(HubPolicies.OfficeApi)
            .Described("Inbox", "De aanvragen van een kantoor / An office's requests", 400)
            .Produces<InboxListAnswer>(StatusCodes.Status200OK);
        var api = app.MapGroup("/api/v1/inbox").RequireAuthorization(HubPolicies.OfficeApi);
        api.MapGet("/{request:long}", OpenAsync)
            .Described("Inbox", "Eén aanvraag met het bericht van de instantie / One request with the body's message", 404)
            .Produces<InboxRequestAnswer>(StatusCodes.Status200OK);
        api.MapPost("/{request:long}/decision", DecideAsync)
            .Accepts<InboxDecisionBody>("application/json")
            .Described("Inbox", "De beslissing van een kantoor / An office's decision", 400, 404, 409, 413)
            .Produces<InboxDecisionAnswer>(StatusCodes.Status200OK);
    }

    private static async Task<IResult> ListAsync(HttpContext http, string? view, string? q, OfficeInbox inbox, CancellationToken ct)
    {
        if (view is not (null or "open" or "decided") || q?.Length > 100)
        {
            return HubProblems.Single(StatusCodes.Status400BadRequest, "INBOX_QUERY_INVALID",
                "view is 'open' of 'decided'; q heeft hoogstens 100 tekens.", "view is 'open' or 'decided'; q has at most 100 characters.");
        }

        var office = InboxPages.OfficeOf(http.Caller());
        var items = view == "decided" ? await inbox.DecidedAsync(office, q, ct) : await inbox.ToHandleAsync(office, q, ct);
        return TypedResults.Ok(new InboxListAnswer(office.Id, [.. items.Select(Summary)]));
    }

    private static async Task<IResult> OpenAsync(long request, HttpContext http, OfficeInbox inbox, CancellationToken ct)
    {
        var caller = http.Caller();
        var view = await inbox.OpenAsync(InboxPages.OfficeOf(caller), request, caller.Actor, ct);
        return view is null
            ? NotFound()
            : TypedResults.Ok(new InboxRequestAnswer(Summary(view.Item), view.Item.Request.Content.Participant.Insz.Value,
                [.. view.Fields.Select(f => new InboxField(f.Name, f.Value))],
                [.. view.Reasons.Select(r => new InboxReason(r.Code, r.Nl, r.Fr, r.En))]));
    }

    private static async Task<IResult> DecideAsync(long request, HttpContext http, OfficeInbox inbox, IntakeLimits limits, CancellationToken ct)
    {
        var caller = http.Caller();
        if (caller.Role != OfficeRoles.Decider)
        {
            return HubProblems.Single(StatusCodes.Status403Forbidden, "NOT_A_DECIDER",
                "Deze sleutel mag lezen, niet beslissen (rol 'reader').", "This credential may read, not decide (role 'reader').");
        }

        var (bytes, tooLarge) = await RequestBody.ReadCappedAsync(http.Request, limits, ct);
        if (tooLarge)
        {
            return RequestBody.TooLarge(limits);
        }

        if (Read(bytes) is not { } decision)
        {
            return HubProblems.Single(StatusCodes.Status400BadRequest, "DECISION_UNREADABLE",
                "Verwacht: {\"approve\": true|false, \"reference\"?, \"validUntil\"? (jjjj-mm-dd), \"reasonCode\"?, \"text\"?}.",
                "Expected: {\"approve\": true|false, \"reference\"?, \"validUntil\"? (yyyy-mm-dd), \"reasonCode\"?, \"text\"?}.");
        }

        var outcome = await inbox.DecideAsync(InboxPages.OfficeOf(caller), request, decision, caller.Actor, ct);
        if (outcome.Outcome is { } done)
        {
            return TypedResults.Ok(new InboxDecisionAnswer(request, done));
        }

        return outcome == InboxDecisionOutcome.NotFound
            ? NotFound()
            : HubProblems.Single(outcome.Code is "DECISION_CONFLICT" or "REQUEST_OUTDATED" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest,
                outcome.Code!, outcome.Dutch, outcome.English);
    }

    private static IResult NotFound() => HubProblems.Single(StatusCodes.Status404NotFound, InboxDecisionOutcome.NotFound.Code!, InboxDecisionOutcome.NotFound.Dutch, InboxDecisionOutcome.NotFound.English);

    /// <summary>The decision body, or null when it is not one: an object with a boolean <c>approve</c> and, when given, strings.</summary>
    private static OfficeDecision? Read(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4, AllowDuplicateProperties = false });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("approve", out var approve) || approve.ValueKind is not (JsonValueKind.True or JsonValueKind.False)
                || root.EnumerateObject().Any(p => p.Name is not ("approve" or "reference" or "validUntil" or "reasonCode" or "text")))
            {
                return null;
            }

            string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new FormatException(name)
                : null;
            DateOnly? until = Text("validUntil") is { } day
                ? OfficeDecision.TryParseDay(day, out var parsed) ? parsed : throw new FormatException("validUntil")
                : null;
            return new OfficeDecision(approve.GetBoolean(), Text("reference"), until, Text("reasonCode"), Text("text"));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static InboxItemAnswer Summary(InboxItem item)
    {
        var r = item.Request;
        return new InboxItemAnswer(r.DeliveryId, r.MessageId, r.AttestId, r.Version, r.Kind.ToString(), r.State.ToString(), item.Standing.ToString(),
            r.AnswerDueAt, r.DecidedAt, r.Reference, r.ReasonCode,
            new InboxPerson(r.Content.Participant.GivenName, r.Content.Participant.FamilyName, r.Content.Participant.Insz.Masked),
            r.Content.Activity.StartDate);
    }
}

/// <summary>An office's requests.</summary>
public sealed record InboxListAnswer(string Office, IReadOnlyList<InboxItemAnswer> Items);

/// <summary>One request in a list: <c>request</c> is its number in the inbox; <c>standing</c> ToDecide, Decided, Superseded (the attest
/// was amended: decide on the newer request) or Cancelled.</summary>
public sealed record InboxItemAnswer(long Request, Guid MessageId, Guid AttestId, int Version, string Asked, string State, string Standing,
    DateTimeOffset? AnswerDueAt, DateTimeOffset? DecidedAt, string? Reference, string? ReasonCode, InboxPerson Participant, DateOnly StartDate);

/// <summary>The participant as a list names them (the INSZ masked).</summary>
public sealed record InboxPerson(string GivenName, string FamilyName, string InszMasked);

/// <summary>One request: its summary, the participant's INSZ, the body's own message as fields, and the reasons the office may refuse with.</summary>
public sealed record InboxRequestAnswer(InboxItemAnswer Request, string Insz, IReadOnlyList<InboxField> Message, IReadOnlyList<InboxReason> RefusalReasons);

/// <summary>One field of the body's message.</summary>
public sealed record InboxField(string Name, string Value);

/// <summary>A refusal reason the office may choose, in Dutch, French and English.</summary>
public sealed record InboxReason(string Code, string Nl, string Fr, string En);

/// <summary>An office's decision: approve (with its reference and the permission's last day, both optional) or refuse (a
/// <c>reasonCode</c> from the request's <c>refusalReasons</c>; <c>text</c> is required for OTHER).</summary>
public sealed record InboxDecisionBody(bool Approve, string? Reference, DateOnly? ValidUntil, string? ReasonCode, string? Text);

/// <summary>The decision taken: applied, or a duplicate of the one already recorded.</summary>
public sealed record InboxDecisionAnswer(long Request, string Outcome);
