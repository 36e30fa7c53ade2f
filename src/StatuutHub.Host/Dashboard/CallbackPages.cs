using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Callbacks;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Dashboard;

/// <summary>The page <c>/terugmeldingen</c> (<see cref="Razor.CallbacksView"/>): each initiative's callback with its events per state and its circuit, the events that
/// did not arrive with why, and (operator) offering the given-up ones again.</summary>
public static class CallbackPages
{
    public static void MapCallbackPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/terugmeldingen", CallbacksAsync);
        pages.MapPost("/acties/terugmeldingen-opnieuw", RetryAsync).RequireAuthorization(HubPolicies.DashboardOperator);
    }

    private static async Task<IResult> CallbacksAsync(HttpContext http, CallbackRegistry registry, CallbackSender sender, ICallbackStore store, CancellationToken ct)
    {
        var page = new Page(http, l => l["callbacks"]);
        var failing = (await store.ReadCallbackEventsAsync(null, CallbackEventState.DeadLettered, 50, ct))
            .Concat((await store.ReadCallbackEventsAsync(null, CallbackEventState.Pending, 200, ct)).Where(e => e.LastError is not null)).ToList();
        return page.Component<Razor.CallbacksView>(new Dictionary<string, object?>
        {
            [nameof(Razor.CallbacksView.L)] = page.L,
            [nameof(Razor.CallbacksView.Callbacks)] = await registry.ListAsync(ct),
            [nameof(Razor.CallbacksView.Circuits)] = sender.CircuitStates().ToDictionary(c => c.Key, c => c.Value.ToString()),
            [nameof(Razor.CallbacksView.Failing)] = failing,
        }).Result();
    }

    private static async Task<IResult> RetryAsync(HttpContext http, IAntiforgery antiforgery, CallbackRegistry registry, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        var initiative = form["initiative"].ToString();
        if (initiative.Length > 0)
        {
            await registry.RetryAsync(initiative, null, ct);
        }

        return Results.Redirect("/terugmeldingen");
    }
}
