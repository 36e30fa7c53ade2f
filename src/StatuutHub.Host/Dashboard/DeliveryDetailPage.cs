using System.Globalization;
using System.Text;
using StatuutHub.Application.Support;
using StatuutHub.Domain.Deliveries;
using static StatuutHub.Host.Dashboard.Page;

namespace StatuutHub.Host.Dashboard;

/// <summary><c>/bezorgingen/{id}</c>: one delivery as support staff inspect a failure — the message as the hub sends it (where
/// to, headers, body with the INSZ masked), every attempt with what the agency answered (status, headers, body), and the
/// actions its state allows.</summary>
public static class DeliveryDetailPage
{
    public static void MapDeliveryDetailPage(this RouteGroupBuilder pages) => pages.MapGet("/bezorgingen/{deliveryId:long}", ShowAsync);

    /// <summary>The link to a delivery's page, for the lists.</summary>
    public static string Link(long deliveryId) => $"<a href=\"/bezorgingen/{deliveryId}\">{deliveryId}</a>";

    private static async Task<IResult> ShowAsync(HttpContext http, long deliveryId, DeliveryInspection inspection, CancellationToken ct)
    {
        var page = new Page(http, l => $"{l["delivery"]} {deliveryId}");
        var l = page.L;
        if (await inspection.InspectAsync(deliveryId, ct) is not { } inspected)
        {
            return page.Raw($"<p>{E(l["deliveryNotFound"])}</p>").Result(StatusCodes.Status404NotFound);
        }

        var (detail, message) = (inspected.Detail, inspected.Message);
        var d = detail.Message;
        page.Raw($"""
            <table id="delivery-summary">
            <tr><th scope="row">{E(l["attest"])}</th><td><a href="/attesten/{d.AttestId}">{d.AttestId}</a> ({E(l["version"])} {d.Version})</td></tr>
            <tr><th scope="row">{E(l["destination"])}</th><td>{E(d.Destination.Id)}</td></tr>
            <tr><th scope="row">{E(l["message"])}</th><td>{E(l.Of(d.Kind))}</td></tr>
            <tr><th scope="row">{E(l["state"])}</th><td id="delivery-state" data-state="{d.State}">{E(l.Of(d.State))}</td></tr>
            <tr><th scope="row">{E(l["attempts"])}</th><td>{d.Attempts}</td></tr>
            <tr><th scope="row">{E(l["reference"])}</th><td>{E(detail.Reference)}</td></tr>
            <tr><th scope="row">{E(l["reason"])}</th><td>{E(detail.ReasonCode ?? detail.LastError)}</td></tr>
            </table>
            """);
        var returnUrl = $"/bezorgingen/{deliveryId}";
        var id = deliveryId.ToString(CultureInfo.InvariantCulture);
        page.Raw(d.State switch
        {
            DeliveryState.RetryScheduled => page.ActionForm("/acties/opnieuw", [("deliveryId", id), ("returnUrl", returnUrl)], l["retry"]),
            DeliveryState.DeadLettered or DeliveryState.Archived => page.ActionForm("/acties/opnieuw", [("deliveryId", id), ("returnUrl", returnUrl)], l["replay"]),
            _ => string.Empty,
        });

        page.Raw($"<h2>{E(l["messageAsSent"])}</h2>");
        page.Raw(message is null
            ? $"<p id=\"no-message\">{E(l["noMessage"])} ({E(inspected.NoMessage)})</p>"
            : $"<p class=\"hint\">{E(l["messageAsSentHelp"])}</p><pre id=\"sent-message\" tabindex=\"0\" aria-label=\"{E(l["messageAsSent"])}\">{E(message.Target)}\n{E(message.Headers)}\n\n{E(Pretty(message.Body))}</pre>");

        var attempts = new StringBuilder($"<h2>{E(l["answers"])}</h2><table id=\"attempts\"><caption>{E(l["answersCaption"])}</caption><tr>" +
            $"<th scope=\"col\">#</th><th scope=\"col\">{E(l["when"])}</th><th scope=\"col\">{E(l["duration"])}</th><th scope=\"col\">{E(l["outcome"])}</th><th scope=\"col\">{E(l["answer"])}</th></tr>");
        foreach (var a in detail.Attempts)
        {
            var said = a.Answer is { } answer ? $"<pre tabindex=\"0\">{E(answer)}</pre>" : $"<span class=\"hint\">{E(l["noAnswer"])}</span>";
            attempts.Append(CultureInfo.InvariantCulture,
                $"<tr data-outcome=\"{E(a.Outcome)}\"><td>{a.Number}</td><td>{DashboardPages.When(a.StartedAt)}</td><td>{a.Duration.TotalMilliseconds:0} ms</td><td>{E(a.Outcome)}{(a.Error is null ? string.Empty : $": {E(a.Error)}")}</td><td>{said}</td></tr>");
        }

        if (detail.Attempts.Count == 0)
        {
            attempts.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"5\">{E(l["noAttempts"])}</td></tr>");
        }

        return page.Raw(attempts.Append("</table>").ToString()).Result();
    }

    /// <summary>A JSON body indented for reading; any other body as it is.</summary>
    private static string Pretty(string body)
    {
        if (!body.TrimStart().StartsWith('{'))
        {
            return body;
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(body);
            return System.Text.Json.JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (System.Text.Json.JsonException)
        {
            return body;
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
