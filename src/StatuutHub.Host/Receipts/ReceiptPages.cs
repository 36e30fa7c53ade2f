using System.Globalization;
using System.Text;
using System.Text.Json;
using QRCoder;
using StatuutHub.Application.Intake;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Security;
using static StatuutHub.Host.Dashboard.Page;

namespace StatuutHub.Host.Receipts;

/// <summary>The proof of recognition on paper: a one-page Dutch document an initiative prints (<c>/initiatief/attesten/{id}/bewijs</c>)
/// with the signed receipt's content and a QR code that opens <c>/bewijs?r={receipt}</c>, where anyone sees whether the receipt is
/// genuine and what it says — no more. The printed INSZ is masked, as in the receipt; only the participant's own copy
/// (<c>?kopie=deelnemer</c>, printed by their initiative) shows it whole, on paper only: not in the signature, the QR code or the URL.</summary>
public static class ReceiptPages
{
    public const string VerifyPath = "/bewijs";

    /// <summary>The printable page, among the initiative's pages.</summary>
    public static void MapReceiptPage(this RouteGroupBuilder portal) => portal.MapGet("/attesten/{attestId:guid}/bewijs", PrintableAsync);

    /// <summary>The open verification page the QR code leads to.</summary>
    public static void MapReceiptVerification(this IEndpointRouteBuilder app) =>
        app.MapGet(VerifyPath, VerifyAsync).AllowAnonymous().ExcludeFromDescription();

    private static async Task<IResult> PrintableAsync(HttpContext http, Guid attestId, string? kopie, AttestIntake intake, ReceiptSigner signer, TimeProvider time, CancellationToken ct)
    {
        var page = new Page(http, l => l["receipt"]);
        var l = page.L;
        var view = await intake.FindAsync(attestId, http.Caller().AsRequester(), ct);
        if (view is null)
        {
            return page.Raw($"<p>{E(l["notFound"])}</p>").Result(StatusCodes.Status404NotFound);
        }

        if (view.Status != AttestStatus.Recognised || !signer.Enabled)
        {
            return page.Raw($"<p id=\"not-recognised\">{E(l["notYetRecognised"])}</p>").Result(StatusCodes.Status409Conflict);
        }

        var jws = signer.Sign(ReceiptContent.Payload(view, time.GetUtcNow()));
        var verifyUrl = $"{http.Request.Scheme}://{http.Request.Host}{VerifyPath}?r={jws}";
        using var qr = new QRCodeGenerator().CreateQrCode(verifyUrl, QRCodeGenerator.ECCLevel.L);
        var svg = new SvgQRCode(qr).GetGraphic(3).Replace("<svg ", "<svg role=\"img\" aria-label=\"QR-code\" ", StringComparison.Ordinal);
        using var payload = JsonDocument.Parse(ReceiptContent.Payload(view, time.GetUtcNow()));
        var participantCopy = kopie == "deelnemer";
        page.Raw($"<p>{E(l["receiptIntro"])}</p>");
        if (participantCopy)
        {
            page.Raw($"<p id=\"participant-copy\"><strong>{E(l["receiptParticipantNote"])}</strong></p>");
        }

        page.Raw(Content(payload.RootElement, l, participantCopy ? view.Content.Participant.Insz.Value : null));
        page.Raw($"<div id=\"qr\" style=\"display:flex;gap:1rem;align-items:center\">{svg}<p>{E(l["receiptScan"])}<br>" +
            $"<a id=\"verify-link\" href=\"{E(verifyUrl)}\">{E(http.Request.Scheme)}://{E(http.Request.Host.ToString())}{VerifyPath}</a></p></div>");
        page.Raw($"<p class=\"no-print\"><a href=\"/initiatief/attesten/{attestId}\">{E(l["attest"])} {attestId}</a></p>");
        return page.Result();
    }

    /// <summary>Whether the receipt is genuine, what it says, and whether it still holds: a receipt for an attest that was cancelled
    /// since, or amended (a later version), or is no longer kept, says so above its content.</summary>
    private static async Task<IResult> VerifyAsync(HttpContext http, string? r, ReceiptSigner signer, AttestIntake intake, CancellationToken ct)
    {
        var page = new Page(http, l => l["verifyTitle"]);
        var l = page.L;
        if (r is null || await signer.VerifyAsync(r) is not { } json)
        {
            return page.Raw($"<p id=\"verdict\" data-genuine=\"false\" class=\"problem\">{E(l["notGenuine"])}</p>").Result(StatusCodes.Status400BadRequest);
        }

        using var payload = JsonDocument.Parse(json);
        var attest = payload.RootElement.GetProperty("attest");
        var now = Guid.TryParse(attest.GetProperty("id").GetString(), out var id) ? await intake.FindAsync(id, ReceiptCheck, ct) : null;
        var (state, says) = now switch
        {
            null => ("gone", l["receiptGone"]),
            { Status: AttestStatus.Cancelled } => ("cancelled", l["receiptCancelled"]),
            { Version: var v } when v != attest.GetProperty("version").GetInt32() => ("superseded", string.Format(CultureInfo.InvariantCulture, l["receiptSuperseded"], v)),
            _ => ("current", l["receiptCurrent"]),
        };
        var warning = state == "current" ? string.Empty : " class=\"problem\"";
        return page.Raw($"<p id=\"verdict\" data-genuine=\"true\"><strong>{E(l["genuine"])}</strong></p><p id=\"still\" data-state=\"{state}\"{warning}>{E(says)}</p>"
            + Content(payload.RootElement, l, fullInsz: null)).Result();
    }

    /// <summary>Who looks the attest up for the verification page: the hub itself, on behalf of anyone holding the receipt.</summary>
    private static readonly StatuutHub.Application.Requester ReceiptCheck = new("hub:receipt-check", null);

    /// <summary>What the receipt says, as tables; <paramref name="fullInsz"/> replaces the masked INSZ on the participant's own copy.</summary>
    private static string Content(JsonElement receipt, Labels l, string? fullInsz)
    {
        var attest = receipt.GetProperty("attest");
        var participant = attest.GetProperty("participant");
        var period = attest.GetProperty("period");
        var end = period.GetProperty("end").ValueKind == JsonValueKind.Null ? l["openEnded"] : period.GetProperty("end").GetString();
        var html = new StringBuilder($"""
            <table id="receipt-attest"><caption>{E(l["attest"])}</caption>
            <tr><th scope="row">{E(l["attest"])}</th><td>{E(attest.GetProperty("id").GetString())} (versie {attest.GetProperty("version").GetInt32()})</td></tr>
            <tr><th scope="row">{E(l["initiative"])}</th><td>{E(attest.GetProperty("initiative").GetProperty("name").GetString())} ({E(attest.GetProperty("initiative").GetProperty("kbo").GetString())})</td></tr>
            <tr><th scope="row">{E(l["participant"])}</th><td id="receipt-participant">{E(participant.GetProperty("familyName").GetString())} {E(participant.GetProperty("givenName").GetString())} — INSZ {E(fullInsz ?? participant.GetProperty("insz").GetString())}</td></tr>
            <tr><th scope="row">{E(l["period"])}</th><td>{E(period.GetProperty("start").GetString())} – {E(end)}</td></tr>
            </table>
            <table id="receipt-bodies"><caption>{E(l["receiptSigned"])} ({DateTimeOffset.FromUnixTimeSeconds(receipt.GetProperty("iat").GetInt64()).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)})</caption>
            <tr><th scope="col">{E(l["destination"])}</th><th scope="col">{E(l["decision"])}</th><th scope="col">{E(l["reference"])}</th><th scope="col">{E(l["decidedAt"])}</th></tr>
            """);
        foreach (var body in receipt.GetProperty("bodies").EnumerateArray())
        {
            var decided = body.GetProperty("decidedAt").ValueKind == JsonValueKind.Null ? null : body.GetProperty("decidedAt").GetDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(body.GetProperty("destination").GetString())}</td><td>{E(l["approved"])}</td><td>{E(body.GetProperty("reference").GetString())}</td><td>{E(decided)}</td></tr>");
        }

        return html.Append("</table>").ToString();
    }
}
