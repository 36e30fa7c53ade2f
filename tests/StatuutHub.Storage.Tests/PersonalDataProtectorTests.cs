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
        var a = protector.Seal("{\"insz\":\"85073003328\"}");
        var b = protector.Seal("{\"insz\":\"85073003328\"}");
        Assert.NotEqual(a, b);
        Assert.StartsWith("pd1:t1:", a, StringComparison.Ordinal);
        Assert.DoesNotContain("85073003328", a, StringComparison.Ordinal);
        Assert.Equal("{\"insz\":\"85073003328\"}", protector.Open(a));
        Assert.Equal("{\"insz\":\"85073003328\"}", protector.Open(b));
    }

    [Fact]
    public void ChangedContent_IsRefused_AndTheNextOpenStillWorks()
    {
        var protector = TestPersonalData.Protector();
        var good = protector.Seal("Zoë Peeters");
        var bytes = Convert.FromBase64String(good["pd1:t1:".Length..]);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Open("pd1:t1:" + Convert.ToBase64String(bytes)));
        Assert.Equal("Zoë Peeters", protector.Open(good));
    }

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
            if (protector.Open(protector.Seal(text)) != text || protector.Lookup(insz) != OneShotLookup(insz))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
    }

    private static string OneShotLookup(string insz) =>
        "h1:" + Convert.ToBase64String(HMACSHA256.HashData(TestPersonalData.LookupKey, Encoding.UTF8.GetBytes("insz:" + insz))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
