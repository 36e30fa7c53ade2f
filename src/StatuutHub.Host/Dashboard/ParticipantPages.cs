using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Support;
using static StatuutHub.Host.Dashboard.Page;

namespace StatuutHub.Host.Dashboard;

/// <summary>The participant page: reached by INSZ from a POST form (the number never lands in a URL or a log), it shows every attest
/// of that person at any initiative, and every body's decisions, renewals and changes over time.</summary>
public static class ParticipantPages
{
    public static void MapParticipantPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/deelnemer", (HttpContext http) => Form(new Page(http, l => l["participantHistory"])).Result());
        pages.MapPost("/deelnemer", ShowAsync);
    }

    private static Page Form(Page page)
    {
        var form = page.ActionForm("/deelnemer", [], page.L["search"]);
        return page.Raw($"<p>{E(page.L["participantHelp"])}</p>" + form.Replace("class=\"inline\"", "id=\"participant-search\"", StringComparison.Ordinal).Replace("<button",
            $"<label for=\"insz\">INSZ</label> <input id=\"insz\" name=\"insz\" size=\"20\" autocomplete=\"off\" inputmode=\"numeric\"> <button", StringComparison.Ordinal));
    }

    private static async Task<IResult> ShowAsync(HttpContext http, IAntiforgery antiforgery, ParticipantHistory history, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var page = Form(new Page(http, l => l["participantHistory"]));
        var l = page.L;
        var form = await http.Request.ReadFormAsync(ct);
        var view = await history.FindAsync(form["insz"].ToString(), ct);
        if (view is null)
        {
            return page.Raw($"<p id=\"participant-result\" class=\"problem\">{E(l["notAnInsz"])}</p>").Result(StatusCodes.Status400BadRequest);
        }

        if (view.Attests.Count == 0)
        {
            return page.Raw($"<p id=\"participant-result\">{E(l["noResults"])}</p>").Result();
        }

        var person = view.Attests[^1].Content.Participant;
        page.Raw($"<h2 id=\"participant\">{E(person.FamilyName)} {E(person.GivenName)} — INSZ {E(view.InszMasked)}</h2>");
        var attests = new StringBuilder($"<table id=\"participant-attests\"><caption>{E(l["attestsOfParticipant"])}</caption><tr><th scope=\"col\">{E(l["attest"])}</th>" +
            $"<th scope=\"col\">{E(l["initiative"])}</th><th scope=\"col\">{E(l["period"])}</th><th scope=\"col\">{E(l["benefits"])}</th><th scope=\"col\">{E(l["status"])}</th></tr>");
        foreach (var a in view.Attests)
        {
            var end = a.Content.Activity.EndDate is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : l["openEnded"];
            attests.Append(CultureInfo.InvariantCulture, $"<tr data-attest=\"{a.AttestId}\"><td><a href=\"/attesten/{a.AttestId}\">{a.AttestId}</a> (v{a.Version})</td>" +
                $"<td>{E(a.Content.Initiative.Name)} ({E(a.Content.Initiative.Kbo)})</td><td>{a.Content.Activity.StartDate:yyyy-MM-dd} – {E(end)}</td>" +
                $"<td>{E(l.Of(a.Content.Benefits))}</td><td>{E(l.Of(a.Status))}</td></tr>");
        }

        var events = new StringBuilder($"<table id=\"participant-events\"><caption>{E(l["decisionsOverTime"])}</caption><tr><th scope=\"col\">{E(l["when"])}</th>" +
            $"<th scope=\"col\">{E(l["attest"])}</th><th scope=\"col\">{E(l["destination"])}</th><th scope=\"col\">{E(l["event"])}</th><th scope=\"col\">{E(l["detail"])}</th></tr>");
        foreach (var e in view.Events)
        {
            events.Append(CultureInfo.InvariantCulture, $"<tr><td>{DashboardPages.When(e.At)}</td><td><a href=\"/attesten/{e.AttestId}\">{E(e.AttestId.ToString()[..8])}…</a></td>" +
                $"<td>{E(e.Destination)}</td><td data-kind=\"{E(e.Kind)}\">{E(l.Event(e.Kind))}</td><td>{E(e.Detail)}</td></tr>");
        }

        return page.Raw(attests.Append("</table>").ToString() + events.Append("</table>")).Result();
    }
}
