using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using StatuutHub.Host.Receipts;

namespace StatuutHub.Host.Tests.Receipts;

/// <summary>A receipt keeps saying what was decided, and the verification page says whether it still holds: the attest amended since
/// (a later version) or cancelled is shown as such above the receipt's content. A receipt signed before a key rotation verifies with
/// the previous public key, chosen by its key id.</summary>
public sealed class ReceiptStateTests
{
    [Fact]
    public async Task TheVerificationPage_SaysWhenTheAttestWasAmendedOrCancelledSince()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("INCAPACITY");
        var id = Attests.IdOf(attest);
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        await hub.SettleAsync();
        Assert.Equal("Recognised", await hub.StatusTextAsync(id));
        var receipt = await hub.Client.GetStringAsync($"api/v1/attests/{id}/receipt");
        using var anyone = hub.AnonymousClient();

        Assert.Contains("data-state=\"current\"", await anyone.GetStringAsync($"bewijs?r={receipt}"), StringComparison.Ordinal);

        attest["activity"]!["hoursPerWeek"] = 12;
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PutAsync($"api/v1/attests/{id}", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        var superseded = await anyone.GetStringAsync($"bewijs?r={receipt}");
        Assert.Contains("data-state=\"superseded\"", superseded, StringComparison.Ordinal);
        Assert.Contains("nu versie 2", superseded, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PostAsync($"api/v1/attests/{id}/cancel", null)).StatusCode);
        Assert.Contains("data-state=\"cancelled\"", await anyone.GetStringAsync($"bewijs?r={receipt}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReceiptFromBeforeAKeyRotation_VerifiesWithThePreviousPublicKey_ByItsKeyId()
    {
        using var first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var before = Signer(("Receipts:SigningKeyPem", first.ExportECPrivateKeyPem()), ("Receipts:KeyId", "r1"));
        var receipt = before.Sign("{\"iss\":\"" + ReceiptContent.Issuer + "\",\"attest\":{}}");

        var rotated = Signer(("Receipts:SigningKeyPem", second.ExportECPrivateKeyPem()), ("Receipts:KeyId", "r2"),
            ("Receipts:PreviousPublicKeys:r1", first.ExportSubjectPublicKeyInfoPem()));
        var forgot = Signer(("Receipts:SigningKeyPem", second.ExportECPrivateKeyPem()), ("Receipts:KeyId", "r2"));

        Assert.NotNull(await rotated.VerifyAsync(receipt));
        Assert.Null(await forgot.VerifyAsync(receipt));
        Assert.Equal(["r2", "r1"], rotated.PublicKeys().Keys.Select(k => k.Kid)); // both published, the current first
    }

    private static ReceiptSigner Signer(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(), NullLogger<ReceiptSigner>.Instance);
}
