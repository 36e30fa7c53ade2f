using StatuutHub.Application.Intake;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Receipts;

/// <summary>The "recognised everywhere" receipt: for a Recognised attest, every body that agreed, its decision, reference and date,
/// and the period, signed by the hub as a compact JWS (ES256). Anyone verifies it offline with the public key from
/// <c>/.well-known/statuut-receipt-keys</c> (<c>statuut verify-receipt</c>). The INSZ on it is masked: the receipt travels.</summary>
public static class ReceiptApi
{
    public const string KeysPath = "/.well-known/statuut-receipt-keys";

    public static void MapReceiptApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/attests/{attestId:guid}/receipt", IssueAsync).RequireAuthorization(HubPolicies.Initiative)
            .Described("Attests", "Het ondertekende bewijs 'overal erkend' (JWS) / The signed 'recognised everywhere' receipt (JWS)", 404, 409, 503)
            .Produces<string>(StatusCodes.Status200OK, "application/jose");
        app.MapGet(KeysPath, (ReceiptSigner signer) => TypedResults.Ok(signer.PublicKeys())).AllowAnonymous()
            .Described("Attests", "De publieke sleutels van de bewijzen (JWKS) / The receipts' public keys (JWKS)")
            .Produces<ReceiptKeySet>(StatusCodes.Status200OK);
    }

    private static async Task<IResult> IssueAsync(Guid attestId, HttpContext http, AttestIntake intake, ReceiptSigner signer, TimeProvider time, CancellationToken ct)
    {
        if (!signer.Enabled)
        {
            return HubProblems.Single(StatusCodes.Status503ServiceUnavailable, "RECEIPTS_NOT_CONFIGURED",
                "Deze hub geeft geen bewijzen: er is geen ondertekeningssleutel (Receipts:SigningKeyPem).", "This hub issues no receipts: no signing key is configured (Receipts:SigningKeyPem).");
        }

        if (await intake.FindAsync(attestId, http.Caller().AsRequester(), ct) is not { } view)
        {
            return HubProblems.Refused(Refusals.NotFound(attestId));
        }

        if (view.Status != AttestStatus.Recognised)
        {
            return HubProblems.Single(StatusCodes.Status409Conflict, "NOT_RECOGNISED",
                $"Het attest is nog niet overal erkend (status {view.Status}).", $"The attest is not recognised everywhere yet (status {view.Status}).");
        }

        var payload = ReceiptContent.Payload(view, time.GetUtcNow());
        return Results.Text(signer.Sign(payload), "application/jose");
    }
}
