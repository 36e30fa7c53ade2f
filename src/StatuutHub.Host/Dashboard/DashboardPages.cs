using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Intake;
using StatuutHub.Application.Reconciliation;
using StatuutHub.Application.Support;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Dashboard;

/// <summary>The support dashboard at <c>/</c>: server-rendered pages in Dutch (English on request),
/// reading the same store the engine writes. Actions are POST forms with anti-forgery tokens. Pages need a
/// signed-in <c>viewer</c> or <c>operator</c>; actions need an <c>operator</c>.</summary>
public static class DashboardPages
{
    public static void MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapSignIn();
        // HTML for people, not an API: left out of the API description.
        var pages = app.MapGroup(string.Empty).RequireAuthorization(HubPolicies.DashboardViewer).ExcludeFromDescription();
        pages.MapGet("/", OverviewAsync);
        pages.MapGet("/bezorgingen", DeliveriesAsync);
        pages.MapGet("/mislukt", FailuresAsync);
        pages.MapGet("/attesten/{attestId:guid}", AttestAsync);
        pages.MapGet("/zoeken", (HttpContext http) => Search(http));
        pages.MapPost("/zoeken", SearchAsync);
        pages.MapPost("/acties/opnieuw", RequeueAsync).RequireAuthorization(HubPolicies.DashboardOperator);
        pages.MapPost("/acties/status-opvragen", AskStatusAsync).RequireAuthorization(HubPolicies.DashboardOperator);
        pages.MapSelectionActions();
        pages.MapDeliveryDetailPage();
        pages.MapOverviewRefresh();
        pages.MapStatisticsPage();
        pages.MapGet("/statistieken/export", StatisticsPage.ExportAsync);
        pages.MapCallbackPages();
        pages.MapParticipantPages();
        pages.MapGet("/bezorgingen/export", DeliveryExport.WriteAsync);
    }

    /// <summary>The overview (<see cref="Razor.OverviewPage"/>): its live part (<see cref="Razor.OverviewLive"/>: counts, destinations,
    /// the last day) inside the frame, or alone with <c>?deel=live</c> for the page's own refresh.</summary>
    private static async Task<IResult> OverviewAsync(HttpContext http, string? deel, ISupportQueries store, DestinationPipelines pipelines, TimeProvider time,
        Microsoft.Extensions.Options.IOptions<DashboardOptions> options, CancellationToken ct)
    {
        var page = new Page(http, l => l["overview"]);
        var live = new Dictionary<string, object?>
        {
            [nameof(Razor.OverviewLive.L)] = page.L,
            [nameof(Razor.OverviewLive.Overview)] = await store.GetOverviewAsync(time.GetUtcNow(), ct),
            [nameof(Razor.OverviewLive.Circuits)] = pipelines.CircuitStates().ToDictionary(c => c.Key, c => c.Value.ToString()),
        };
        if (deel == "live")
        {
            return new Microsoft.AspNetCore.Http.HttpResults.RazorComponentResult<Razor.OverviewLive>(live) { ContentType = "text/html; charset=utf-8" };
        }

        http.Response.Headers.ContentSecurityPolicy = OverviewRefresh.Policy;
        return page.Component<Razor.OverviewPage>(new Dictionary<string, object?>
        {
            [nameof(Razor.OverviewPage.L)] = page.L,
            [nameof(Razor.OverviewPage.RefreshSeconds)] = options.Value.RefreshSeconds,
            [nameof(Razor.OverviewPage.Live)] = Page.Fragment<Razor.OverviewLive>(live),
        }).Result();
    }

    /// <summary>The delivery list (<see cref="Razor.DeliveryListView"/>), filtered and paged both ways.</summary>
    private static async Task<IResult> DeliveriesAsync(HttpContext http, string? state, string? destination, string? initiative, DateOnly? from, DateOnly? to, long? before, long? after, ISupportQueries store, CancellationToken ct)
    {
        var page = new Page(http, l => l["deliveries"]);
        var query = Filter(state, destination, initiative, from, to, before, 50) with { After = before is null ? after : null };
        return page.Component<Razor.DeliveryListView>(new Dictionary<string, object?>
        {
            [nameof(Razor.DeliveryListView.L)] = page.L,
            [nameof(Razor.DeliveryListView.Query)] = query,
            [nameof(Razor.DeliveryListView.FromDay)] = from,
            [nameof(Razor.DeliveryListView.ToDay)] = to,
            [nameof(Razor.DeliveryListView.Result)] = await store.ListDeliveriesAsync(query, ct),
            [nameof(Razor.DeliveryListView.ReturnUrl)] = (http.Request.Path + http.Request.QueryString).ToString(),
            [nameof(Razor.DeliveryListView.Filter)] = http.Request.Query.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString())).ToArray(),
        }).Result();
    }

    /// <summary>The failure groups (<see cref="Razor.FailureGroupsView"/>).</summary>
    private static async Task<IResult> FailuresAsync(HttpContext http, ISupportQueries store, CancellationToken ct)
    {
        var page = new Page(http, l => l["failures"]);
        return page.Component<Razor.FailureGroupsView>(new Dictionary<string, object?>
        {
            [nameof(Razor.FailureGroupsView.L)] = page.L,
            [nameof(Razor.FailureGroupsView.Groups)] = await store.GetFailureGroupsAsync(ct),
        }).Result();
    }

    /// <summary>One attest (<see cref="Razor.AttestDetailView"/>); another initiative's or an unknown one is not found.</summary>
    private static async Task<IResult> AttestAsync(HttpContext http, Guid attestId, AttestIntake intake, DeadlineWatch deadlines, CancellationToken ct)
    {
        var view = await intake.FindAsync(attestId, http.Caller().AsRequester(), ct);
        var page = new Page(http, l => $"{l["attest"]} {attestId}");
        return view is null
            ? page.Message(page.L["notFound"], StatusCodes.Status404NotFound)
            : page.Component<Razor.AttestDetailView>(new Dictionary<string, object?>
            {
                [nameof(Razor.AttestDetailView.L)] = page.L,
                [nameof(Razor.AttestDetailView.View)] = view,
                [nameof(Razor.AttestDetailView.Deadlines)] = deadlines,
            }).Result();
    }

    /// <summary>The search (<see cref="Razor.SearchView"/>): the empty form, or what a posted term found.</summary>
    private static IResult Search(HttpContext http, bool searched = false, IReadOnlyList<AttestSummary>? found = null)
    {
        var page = new Page(http, l => l["search"]);
        return page.Component<Razor.SearchView>(new Dictionary<string, object?>
        {
            [nameof(Razor.SearchView.L)] = page.L,
            [nameof(Razor.SearchView.Searched)] = searched,
            [nameof(Razor.SearchView.Found)] = found,
        }).Result();
    }

    private static async Task<IResult> SearchAsync(HttpContext http, IAntiforgery antiforgery, SupportDesk desk, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        return Search(http, searched: true, await desk.SearchAsync(form["q"].ToString(), ct));
    }

    private static async Task<IResult> RequeueAsync(HttpContext http, IAntiforgery antiforgery, SupportDesk desk, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        var ids = new List<long>();
        foreach (var value in form["deliveryId"])
        {
            if (long.TryParse(value, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }
        }

        if (form["group"].ToString().Split('|', 3) is [var destination, var state, var reason])
        {
            var group = await desk.FailureGroupAsync(destination, state, reason, ct);
            if (form["confirmed"] != "1")
            {
                // A group action says how many it moves and waits for a second click.
                return ConfirmGroup(http, form["group"].ToString(), destination, state, reason, group.Count, form["returnUrl"].ToString());
            }

            ids.AddRange(group);
        }

        await desk.RequeueAsync(ids, http.Caller().AsRequester(), ct);
        return Results.Redirect(SignInPages.LocalOrRoot(form["returnUrl"].ToString()));
    }

    private static IResult ConfirmGroup(HttpContext http, string group, string destination, string state, string reason, int count, string returnUrl)
    {
        var page = new Page(http, l => l["confirmTitle"]);
        var l = page.L;
        return page.Component<Razor.ConfirmGroup>(new Dictionary<string, object?>
        {
            [nameof(Razor.ConfirmGroup.L)] = l,
            [nameof(Razor.ConfirmGroup.Group)] = group,
            [nameof(Razor.ConfirmGroup.Count)] = count,
            [nameof(Razor.ConfirmGroup.What)] = string.Format(CultureInfo.InvariantCulture, l["confirmRequeue"], count, destination, reason,
                SupportDesk.TryState(state, out var parsed) && parsed is { } s ? l.Of(s) : state),
            [nameof(Razor.ConfirmGroup.ReturnUrl)] = SignInPages.LocalOrRoot(returnUrl),
        }).Result();
    }

    private static async Task<IResult> AskStatusAsync(HttpContext http, IAntiforgery antiforgery, DecisionReconciler reconciler, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        if (long.TryParse(form["deliveryId"], CultureInfo.InvariantCulture, out var id))
        {
            // The answer lands on the delivery (last asked) and, when new, in its history: the page it returns to shows it.
            await reconciler.AskNowAsync(id, http.Caller().AsRequester(), ct);
        }

        return Results.Redirect(SignInPages.LocalOrRoot(form["returnUrl"].ToString()));
    }

    /// <summary>The delivery list's filter from the page's query (days are Belgian days; an unknown state is no filter).</summary>
    internal static DeliveryQuery Filter(string? state, string? destination, string? initiative, DateOnly? from, DateOnly? to, long? before, int pageSize) =>
        new(SupportDesk.TryState(state, out var parsed) ? parsed : null, NullIfEmpty(destination), NullIfEmpty(initiative),
            from is { } f ? BelgianTime.StartOf(f) : null, to is { } t ? BelgianTime.StartOf(t.AddDays(1)) : null, before, pageSize);

    /// <summary>An instant as a Belgian clock shows it (Europe/Brussels), as text.</summary>
    internal static string Time(DateTimeOffset at) => BelgianTime.Local(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>An instant on a page: Belgian time, with the offset and the UTC time on hover and the exact instant for machines.</summary>
    internal static string When(DateTimeOffset at)
    {
        var local = BelgianTime.Local(at);
        var offset = local.ToString("zzz", CultureInfo.InvariantCulture);
        return $"<time datetime=\"{at.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}\" title=\"UTC{offset} — {at.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC\">{local:yyyy-MM-dd HH:mm:ss}</time>";
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
