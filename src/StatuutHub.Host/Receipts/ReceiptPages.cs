using System.Globalization;
using System.Text.Json;
using QRCoder;
using StatuutHub.Application.Intake;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Security;
using StatuutHub.Host.Receipts.Razor;

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
        var view = await intake.FindAsync(attestId, http.Caller().AsRequester(), ct);
        if (view is null)
        {
            return page.Message(page.L["notFound"], StatusCodes.Status404NotFound);
        }

        if (view.Status != AttestStatus.Recognised || !signer.Enabled)
        {
            return page.Message(page.L["notYetRecognised"], StatusCodes.Status409Conflict, "not-recognised");
        }

        var payload = ReceiptContent.Payload(view, time.GetUtcNow());
        var verifyUrl = $"{http.Request.Scheme}://{http.Request.Host}{VerifyPath}?r={signer.Sign(payload)}";
        using var qr = new QRCodeGenerator().CreateQrCode(verifyUrl, QRCodeGenerator.ECCLevel.L);
        var participantCopy = kopie == "deelnemer";
        using var receipt = JsonDocument.Parse(payload);
        return page.Component<ReceiptPrintView>(new Dictionary<string, object?>
        {
            [nameof(ReceiptPrintView.L)] = page.L,
            [nameof(ReceiptPrintView.Facts)] = ReceiptFacts.Of(receipt.RootElement, participantCopy ? view.Content.Participant.Insz.Value : null),
            [nameof(ReceiptPrintView.ParticipantCopy)] = participantCopy,
            [nameof(ReceiptPrintView.QrSvg)] = new SvgQRCode(qr).GetGraphic(3).Replace("<svg ", "<svg role=\"img\" aria-label=\"QR-code\" ", StringComparison.Ordinal),
            [nameof(ReceiptPrintView.VerifyUrl)] = verifyUrl,
            [nameof(ReceiptPrintView.VerifyShown)] = $"{http.Request.Scheme}://{http.Request.Host}{VerifyPath}",
        }).Result();
    }

    /// <summary>Whether the receipt is genuine, what it says, and whether it still holds: a receipt for an attest that was cancelled
    /// since, or amended (a later version), or is no longer kept, says so above its content.</summary>
    private static async Task<IResult> VerifyAsync(HttpContext http, string? r, ReceiptSigner signer, AttestIntake intake, CancellationToken ct)
    {
        var page = new Page(http, l => l["verifyTitle"]);
        var l = page.L;
        if (r is null || await signer.VerifyAsync(r) is not { } json)
        {
            return page.Component<ReceiptVerdictView>(new Dictionary<string, object?> { [nameof(ReceiptVerdictView.L)] = l }).Result(StatusCodes.Status400BadRequest);
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
        return page.Component<ReceiptVerdictView>(new Dictionary<string, object?>
        {
            [nameof(ReceiptVerdictView.L)] = l,
            [nameof(ReceiptVerdictView.Facts)] = ReceiptFacts.Of(payload.RootElement, fullInsz: null),
            [nameof(ReceiptVerdictView.State)] = state,
            [nameof(ReceiptVerdictView.Says)] = says,
        }).Result();
    }

    /// <summary>Who looks the attest up for the verification page: the hub itself, on behalf of anyone holding the receipt.</summary>
    private static readonly StatuutHub.Application.Requester ReceiptCheck = new("hub:receipt-check", null);
}

/// <summary>What a signed receipt says, read from its JSON for the pages; <c>Insz</c> is masked but on the participant's own copy.</summary>
public sealed record ReceiptFacts(string? AttestId, int Version, string? InitiativeName, string? InitiativeKbo, string? FamilyName, string? GivenName, string? Insz,
    string? Start, string? End, string SignedAt, IReadOnlyList<ReceiptBody> Bodies)
{
    /// <summary>The facts of <paramref name="receipt"/>; <paramref name="fullInsz"/> replaces the masked INSZ on the participant's own copy.</summary>
    public static ReceiptFacts Of(JsonElement receipt, string? fullInsz)
    {
        var attest = receipt.GetProperty("attest");
        var participant = attest.GetProperty("participant");
        var period = attest.GetProperty("period");
        var initiative = attest.GetProperty("initiative");
        return new ReceiptFacts(attest.GetProperty("id").GetString(), attest.GetProperty("version").GetInt32(), initiative.GetProperty("name").GetString(),
            initiative.GetProperty("kbo").GetString(), participant.GetProperty("familyName").GetString(), participant.GetProperty("givenName").GetString(),
            fullInsz ?? participant.GetProperty("insz").GetString(), period.GetProperty("start").GetString(),
            period.GetProperty("end").ValueKind == JsonValueKind.Null ? null : period.GetProperty("end").GetString(),
            DateTimeOffset.FromUnixTimeSeconds(receipt.GetProperty("iat").GetInt64()).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            [.. receipt.GetProperty("bodies").EnumerateArray().Select(body => new ReceiptBody(body.GetProperty("destination").GetString(), body.GetProperty("reference").GetString(),
                body.GetProperty("decidedAt").ValueKind == JsonValueKind.Null ? null : body.GetProperty("decidedAt").GetDateTimeOffset().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))]);
    }
}

/// <summary>A body that agreed, as the receipt names it.</summary>
public sealed record ReceiptBody(string? Destination, string? Reference, string? DecidedOn);
