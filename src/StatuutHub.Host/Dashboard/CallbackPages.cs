using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Callbacks;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using static StatuutHub.Host.Dashboard.Page;

namespace StatuutHub.Host.Dashboard;

/// <summary>The page <c>/terugmeldingen</c>: each initiative's callback with its events per state and its circuit, the events that
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
        var l = page.L;
        var callbacks = await registry.ListAsync(ct);
        if (callbacks.Count == 0)
        {
            return page.Raw($"<p>{E(l["noCallbacks"])}</p>").Result();
        }

        var circuits = sender.CircuitStates();
        var table = new StringBuilder($"<table id=\"callbacks\"><tr><th>{E(l["initiative"])}</th><th>{E(l["callbackUrl"])}</th><th>{E(l["callbacksSent"])}</th>" +
            $"<th>{E(l["callbacksPending"])}</th><th>{E(l["callbacksDead"])}</th><th>{E(l["circuit"])}</th><th>{E(l["lastError"])}</th><th></th></tr>");
        foreach (var c in callbacks)
        {
            var dead = c.Events.GetValueOrDefault(CallbackEventState.DeadLettered);
            var action = dead > 0 ? page.ActionForm("/acties/terugmeldingen-opnieuw", [("initiative", c.InitiativeKbo)], $"{l["replay"]} ({dead})") : string.Empty;
            table.Append(CultureInfo.InvariantCulture, $"<tr data-initiative=\"{E(c.InitiativeKbo)}\"><td>{E(c.InitiativeKbo)}</td><td>{E(c.Url)}</td>" +
                $"<td>{c.Events.GetValueOrDefault(CallbackEventState.Sent)}</td><td>{c.Events.GetValueOrDefault(CallbackEventState.Pending)}</td><td>{dead}</td>" +
                $"<td>{E(circuits.TryGetValue(c.InitiativeKbo, out var circuit) ? circuit : Polly.CircuitBreaker.CircuitState.Closed)}</td><td>{E(c.LastError)}</td><td>{action}</td></tr>");
        }

        table.Append("</table>");
        var failing = (await store.ReadCallbackEventsAsync(null, CallbackEventState.DeadLettered, 50, ct))
            .Concat((await store.ReadCallbackEventsAsync(null, CallbackEventState.Pending, 200, ct)).Where(e => e.LastError is not null)).ToList();
        if (failing.Count > 0)
        {
            table.Append(CultureInfo.InvariantCulture, $"<h2>{E(l["callbackFailures"])}</h2><table id=\"callback-failures\"><tr><th>{E(l["initiative"])}</th><th>{E(l["attest"])}</th>" +
                $"<th>{E(l["type"])}</th><th>{E(l["attempts"])}</th><th>{E(l["lastError"])}</th><th>{E(l["created"])}</th></tr>");
            foreach (var e in failing)
            {
                table.Append(CultureInfo.InvariantCulture, $"<tr data-state=\"{e.State}\"><td>{E(e.InitiativeKbo)}</td><td><a href=\"/attesten/{e.AttestId}\">{e.AttestId}</a></td>" +
                    $"<td>{E(e.Type)}</td><td>{e.Attempts}</td><td>{E(e.LastError)}</td><td>{DashboardPages.When(e.CreatedAt)}</td></tr>");
            }

            table.Append("</table>");
        }

        return page.Raw(table.ToString()).Result();
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
