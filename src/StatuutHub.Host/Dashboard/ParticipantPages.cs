using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Support;

namespace StatuutHub.Host.Dashboard;

/// <summary>The participant page (<see cref="Razor.ParticipantHistoryView"/>): reached by INSZ from a POST form (the number never lands in a
/// URL or a log), it shows every attest of that person at any initiative, and every body's decisions, renewals and changes over time.</summary>
public static class ParticipantPages
{
    public static void MapParticipantPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/deelnemer", (HttpContext http) => Show(http));
        pages.MapPost("/deelnemer", FindAsync);
    }

    private static IResult Show(HttpContext http, bool searched = false, ParticipantView? found = null)
    {
        var page = new Page(http, l => l["participantHistory"]);
        return page.Component<Razor.ParticipantHistoryView>(new Dictionary<string, object?>
        {
            [nameof(Razor.ParticipantHistoryView.L)] = page.L,
            [nameof(Razor.ParticipantHistoryView.Searched)] = searched,
            [nameof(Razor.ParticipantHistoryView.Found)] = found,
        }).Result(searched && found is null ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    private static async Task<IResult> FindAsync(HttpContext http, IAntiforgery antiforgery, ParticipantHistory history, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        return Show(http, searched: true, await history.FindAsync(form["insz"].ToString(), ct));
    }
}
