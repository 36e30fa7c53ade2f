using System.Security.Cryptography;
using System.Text;
using StatuutHub.Storage.Protection;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Storage.Tests;

public sealed class PersonalDataProtectorTests
{
    [Fact]
    public void Sealed_OpensToTheSameText_AndTwoSealsOfItDiffer()
    {
        var protector = TestPersonalData.Protector();
        var a = protector.Seal("{\"insz\":\"85073003328\"}", Row);
        var b = protector.Seal("{\"insz\":\"85073003328\"}", Row);
        Assert.NotEqual(a, b);
        Assert.StartsWith("pd2:t1:", a, StringComparison.Ordinal);
        Assert.DoesNotContain("85073003328", a, StringComparison.Ordinal);
        Assert.Equal("{\"insz\":\"85073003328\"}", protector.Open(a, Row));
        Assert.Equal("{\"insz\":\"85073003328\"}", protector.Open(b, Row));
    }

    [Fact]
    public void ChangedContent_IsRefused_AndTheNextOpenStillWorks()
    {
        var protector = TestPersonalData.Protector();
        var good = protector.Seal("Zoë Peeters", Row);
        var bytes = Convert.FromBase64String(good["pd2:t1:".Length..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Open("pd2:t1:" + Convert.ToBase64String(bytes), Row));
        Assert.Equal("Zoë Peeters", protector.Open(good, Row));
    }

    [Fact]
    public void SealedContent_OpensOnlyOnItsOwnRow()
    {
        var protector = TestPersonalData.Protector();
        var sealedForOne = protector.Seal("Zoë Peeters", PersonalDataProtector.AttestVersionRow("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b", 1));

        Assert.Equal("Zoë Peeters", protector.Open(sealedForOne, PersonalDataProtector.AttestVersionRow("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b", 1)));
        Assert.ThrowsAny<CryptographicException>(() => protector.Open(sealedForOne, PersonalDataProtector.AttestVersionRow("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b", 2)));
        Assert.ThrowsAny<CryptographicException>(() => protector.Open(sealedForOne, PersonalDataProtector.AttestVersionRow("7c9a1e52-3d4b-4f60-8e21-b5c6d7e8f901", 1)));
        Assert.ThrowsAny<CryptographicException>(() => protector.Open(sealedForOne, PersonalDataProtector.CallbackSecretRow("0123456749")));
    }

    [Fact]
    public void ContentSealedBeforeRowsWereBound_StillOpens()
    {
        // The pd1 format: AES-256-GCM with "pd1:{keyId}" alone as associated data.
        var plain = Encoding.UTF8.GetBytes("Zoë Peeters");
        var sealedBytes = new byte[12 + 16 + plain.Length];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, 12));
        using (var aes = new AesGcm(TestPersonalData.Key1, 16))
        {
            aes.Encrypt(sealedBytes.AsSpan(0, 12), plain, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), Encoding.UTF8.GetBytes("pd1:t1"));
        }

        Assert.Equal("Zoë Peeters", TestPersonalData.Protector().Open("pd1:t1:" + Convert.ToBase64String(sealedBytes), Row));
    }

    private const string Row = "attest_versions/3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b/1";

    [Fact]
    public void Lookup_IsTheKeyedHmacOfTheInsz_TheSameEachTime()
    {
        var protector = TestPersonalData.Protector();
        var expected = OneShotLookup("85073003328");
        Assert.Equal(expected, protector.Lookup("85073003328"));
        Assert.NotEqual(expected, protector.Lookup("85073003427"));
        Assert.Equal(expected, protector.Lookup("85073003328"));
    }

    [Fact]
    public void ThreadsSealingOpeningAndLookingUpAtOnce_EachGetTheirOwnResult()
    {
        var protector = TestPersonalData.Protector();
        var failures = 0;
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var text = $"deelnemer {i} " + new string('x', i % 300);
            var insz = (85073000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (protector.Open(protector.Seal(text, Row), Row) != text || protector.Lookup(insz) != OneShotLookup(insz))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    private static string OneShotLookup(string insz) =>
        "h1:" + Convert.ToBase64String(HMACSHA256.HashData(TestPersonalData.LookupKey, Encoding.UTF8.GetBytes("insz:" + insz))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
