using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Support;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using static StatuutHub.Host.Dashboard.Page;

namespace StatuutHub.Host.Dashboard;

/// <summary>Acting on several deliveries at once (ServicePulse's multi-select): the delivery list's check boxes belong to one
/// form; replay, archive (with a reason) or put back first shows how many deliveries the action takes and waits for a second
/// click. Nothing moves without that confirmation.</summary>
public static class SelectionActions
{
    public const string Route = "/acties/selectie";

    private static readonly string[] Actions = ["replay", "archive", "unarchive"];

    public static void MapSelectionActions(this RouteGroupBuilder pages) =>
        pages.MapPost(Route, ActAsync).RequireAuthorization(HubPolicies.DashboardOperator);

    /// <summary>The check box of one row; it belongs to the selection form below the table (HTML's <c>form</c> attribute), so the
    /// row's own action forms stay separate.</summary>
    public static string CheckBox(DeliveryRow row, Labels l) => row.State is DeliveryState.DeadLettered or DeliveryState.RetryScheduled or DeliveryState.Archived
        ? $"<input type=\"checkbox\" form=\"selection\" name=\"deliveryId\" value=\"{row.DeliveryId}\" aria-label=\"{E(string.Format(CultureInfo.InvariantCulture, l["selectDelivery"], row.DeliveryId))}\">"
        : string.Empty;

    /// <summary>The selection form: the anti-forgery token, the page to come back to and one button per action.</summary>
    public static string Form(Page page, string returnUrl)
    {
        var l = page.L;
        return $"<form id=\"selection\" method=\"post\" action=\"{Route}\"><fieldset><legend>{E(l["selected"])}</legend>{page.AntiforgeryField()}" +
            $"<input type=\"hidden\" name=\"returnUrl\" value=\"{E(returnUrl)}\">" +
            $"<button type=\"submit\" name=\"action\" value=\"replay\">{E(l["replaySelected"])}</button> " +
            $"<button type=\"submit\" name=\"action\" value=\"archive\">{E(l["archiveSelected"])}</button> " +
            $"<button type=\"submit\" name=\"action\" value=\"unarchive\">{E(l["unarchiveSelected"])}</button></fieldset></form>";
    }

    private static async Task<IResult> ActAsync(HttpContext http, IAntiforgery antiforgery, SupportDesk desk, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        var action = form["action"].ToString();
        var returnUrl = SignInPages.LocalOrRoot(form["returnUrl"].ToString());
        var ids = form["deliveryId"].Select(v => long.TryParse(v, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .OfType<long>().Distinct().ToArray();
        if (!Actions.Contains(action))
        {
            return Results.BadRequest();
        }

        var reason = form["reason"].ToString().Trim();
        if (ids.Length == 0 || form["confirmed"] != "1" || (action == "archive" && reason.Length == 0))
        {
            return Confirm(http, action, ids, returnUrl, reason, missingReason: form["confirmed"] == "1" && reason.Length == 0);
        }

        var requester = http.Caller().AsRequester();
        _ = action switch
        {
            "replay" => await desk.RequeueAsync(ids, requester, ct),
            "archive" => await desk.ArchiveAsync(ids, reason, requester, ct),
            _ => await desk.UnarchiveAsync(ids, requester, ct),
        };
        return Results.Redirect(returnUrl);
    }

    /// <summary>The second step (<see cref="Razor.ConfirmSelection"/>): what will happen to how many deliveries, the reason field
    /// for an archive, and the way back.</summary>
    private static IResult Confirm(HttpContext http, string action, long[] ids, string returnUrl, string reason, bool missingReason) =>
        new Page(http, l => l["confirmTitle"]).Component<Razor.ConfirmSelection>(new Dictionary<string, object?>
        {
            [nameof(Razor.ConfirmSelection.L)] = Labels.For(http),
            [nameof(Razor.ConfirmSelection.Action)] = action,
            [nameof(Razor.ConfirmSelection.Ids)] = ids,
            [nameof(Razor.ConfirmSelection.ReturnUrl)] = returnUrl,
            [nameof(Razor.ConfirmSelection.Reason)] = reason,
            [nameof(Razor.ConfirmSelection.MissingReason)] = missingReason,
        }).Result(missingReason ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
}
