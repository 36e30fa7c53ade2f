using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Support;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Dashboard;

/// <summary>Acting on several deliveries at once (ServicePulse's multi-select): the delivery list's check boxes belong to one
/// form (<see cref="Razor.DeliveryListView"/>); replay, archive (with a reason) or put back first shows how many deliveries the action takes and waits for a second
/// click. Nothing moves without that confirmation.</summary>
public static class SelectionActions
{
    public const string Route = "/acties/selectie";

    private static readonly string[] Actions = ["replay", "archive", "unarchive"];

    public static void MapSelectionActions(this RouteGroupBuilder pages) =>
        pages.MapPost(Route, ActAsync).RequireAuthorization(HubPolicies.DashboardOperator);

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
