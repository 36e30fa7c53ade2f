using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Inbox;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Inbox.Razor;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Inbox;

/// <summary>The pages of an office on the inbox (<c>/kantoor</c>), for its people signed in: the requests to handle, those decided
/// (both searchable), one request, and a decision in two steps (fill in, then confirm). Dutch, with French and English. Every page
/// reads through <see cref="OfficeInbox"/> for the signed-in person's own office only.</summary>
public static class InboxPages
{
    public static void MapInboxPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/kantoor", (HttpContext http, string? q, OfficeInbox inbox, CancellationToken ct) => ListAsync(http, q, decided: false, inbox, ct))
            .RequireAuthorization(HubPolicies.OfficePages).ExcludeFromDescription();
        var pages = app.MapGroup("/kantoor").RequireAuthorization(HubPolicies.OfficePages).ExcludeFromDescription();
        pages.MapGet("/beslist", (HttpContext http, string? q, OfficeInbox inbox, CancellationToken ct) => ListAsync(http, q, decided: true, inbox, ct));
        pages.MapGet("/aanvragen/{deliveryId:long}", (HttpContext http, long deliveryId, string? beslist, OfficeInbox inbox, CancellationToken ct) =>
            RequestAsync(http, deliveryId, inbox, recorded: beslist is not null, problem: null, values: null, StatusCodes.Status200OK, ct));
        pages.MapPost("/aanvragen/{deliveryId:long}/beslissen", DecideAsync);
    }

    /// <summary>The office of the signed-in person (its destination id is checked at start-up).</summary>
    internal static Destination OfficeOf(HubCaller caller) =>
        Destination.TryParse(caller.Name, out var office) ? office : throw new InvalidOperationException($"'{caller.Name}' is not an office.");

    private static async Task<IResult> ListAsync(HttpContext http, string? q, bool decided, OfficeInbox inbox, CancellationToken ct)
    {
        var office = OfficeOf(http.Caller());
        var search = q?.Length > 100 ? q[..100] : q;
        var items = decided ? await inbox.DecidedAsync(office, search, ct) : await inbox.ToHandleAsync(office, search, ct);
        var page = new Page(http, l => $"{l[decided ? "inboxDecided" : "inboxToHandle"]} · {office.Id}", french: true);
        return page.Component<InboxListView>(new Dictionary<string, object?>
        {
            [nameof(InboxListView.L)] = page.L,
            [nameof(InboxListView.Office)] = office.Id,
            [nameof(InboxListView.Kind)] = office.Kind,
            [nameof(InboxListView.Items)] = items,
            [nameof(InboxListView.Decided)] = decided,
            [nameof(InboxListView.Search)] = search,
        }).Result();
    }

    private static async Task<IResult> RequestAsync(HttpContext http, long deliveryId, OfficeInbox inbox, bool recorded, string? problem,
        IReadOnlyDictionary<string, string>? values, int status, CancellationToken ct)
    {
        var caller = http.Caller();
        var office = OfficeOf(caller);
        var view = await inbox.OpenAsync(office, deliveryId, caller.Actor, ct);
        var page = new Page(http, l => $"{l["inboxRequest"]} {deliveryId}", french: true);
        if (view is null)
        {
            return page.Message(page.L["inboxNotFound"], StatusCodes.Status404NotFound, "request-not-found");
        }

        return page.Component<InboxRequestView>(new Dictionary<string, object?>
        {
            [nameof(InboxRequestView.L)] = page.L,
            [nameof(InboxRequestView.View)] = view,
            [nameof(InboxRequestView.Kind)] = office.Kind,
            [nameof(InboxRequestView.CanDecide)] = caller.Role == OfficeRoles.Decider,
            [nameof(InboxRequestView.Recorded)] = recorded,
            [nameof(InboxRequestView.Problem)] = problem,
            [nameof(InboxRequestView.Values)] = values ?? new Dictionary<string, string>(),
        }).Result(status);
    }

    /// <summary>The decision form's two steps: without <c>confirmed</c> the decision is said back for confirmation; with it, applied.</summary>
    private static async Task<IResult> DecideAsync(HttpContext http, long deliveryId, IAntiforgery antiforgery, OfficeInbox inbox, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var caller = http.Caller();
        var page = new Page(http, l => l["inboxConfirmTitle"], french: true);
        if (caller.Role != OfficeRoles.Decider)
        {
            return page.Message(page.L["inboxReaderOnly"], StatusCodes.Status403Forbidden, "reader-only");
        }

        var form = await http.Request.ReadFormAsync(ct);
        var values = new[] { "outcome", "reference", "validUntil", "reason", "text" }
            .ToDictionary(k => k, k => form[k].ToString().Length > OfficeInbox.MaxText ? form[k].ToString()[..OfficeInbox.MaxText] : form[k].ToString(), StringComparer.Ordinal);
        if (form.ContainsKey("back"))
        {
            return await RequestAsync(http, deliveryId, inbox, recorded: false, problem: null, values, StatusCodes.Status200OK, ct);
        }

        if (Read(values) is not { } decision)
        {
            var problem = values["outcome"] is "approve" or "refuse" ? page.L["inboxBadDate"] : page.L["inboxChooseOutcome"];
            return await RequestAsync(http, deliveryId, inbox, recorded: false, problem, values, StatusCodes.Status400BadRequest, ct);
        }

        var office = OfficeOf(caller);
        if (form["confirmed"] != "1")
        {
            var view = await inbox.OpenAsync(office, deliveryId, caller.Actor, ct);
            if (view is null)
            {
                return page.Message(page.L["inboxNotFound"], StatusCodes.Status404NotFound, "request-not-found");
            }

            var person = view.Item.Request.Content.Participant;
            var name = $"{person.GivenName} {person.FamilyName}";
            var reason = view.Reasons.FirstOrDefault(r => r.Code == decision.ReasonCode)?.In(page.L.Lang) ?? decision.ReasonCode ?? string.Empty;
            return page.Component<InboxConfirmView>(new Dictionary<string, object?>
            {
                [nameof(InboxConfirmView.L)] = page.L,
                [nameof(InboxConfirmView.DeliveryId)] = deliveryId,
                [nameof(InboxConfirmView.Summary)] = decision.Approve
                    ? string.Format(CultureInfo.InvariantCulture, page.L["inboxConfirmApprove"], name)
                    : string.Format(CultureInfo.InvariantCulture, page.L["inboxConfirmRefuse"], name, reason),
                [nameof(InboxConfirmView.Values)] = values,
            }).Result();
        }

        var outcome = await inbox.DecideAsync(office, deliveryId, decision, caller.Actor, ct);
        if (outcome.Outcome is not null)
        {
            return Results.Redirect($"/kantoor/aanvragen/{deliveryId}?beslist=1");
        }

        return outcome == InboxDecisionOutcome.NotFound
            ? page.Message(page.L["inboxNotFound"], StatusCodes.Status404NotFound, "request-not-found")
            : await RequestAsync(http, deliveryId, inbox, recorded: false, outcome.In(page.L.Lang), values,
                outcome.Code is "DECISION_CONFLICT" or "REQUEST_OUTDATED" ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, ct);
    }

    /// <summary>The form as a decision; null when no outcome was chosen or the date is not one.</summary>
    private static OfficeDecision? Read(IReadOnlyDictionary<string, string> values)
    {
        DateOnly? until = null;
        if (values["validUntil"] is { Length: > 0 } text)
        {
            if (!OfficeDecision.TryParseDay(text, out var day))
            {
                return null;
            }

            until = day;
        }

        return values["outcome"] switch
        {
            "approve" => new OfficeDecision(true, values["reference"], until, null, values["text"]),
            "refuse" => new OfficeDecision(false, null, null, values["reason"], values["text"]),
            _ => null,
        };
    }
}
