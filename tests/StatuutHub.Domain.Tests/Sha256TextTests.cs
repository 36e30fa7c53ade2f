using System.Security.Cryptography;
using System.Text;
using StatuutHub.Domain.Security;

namespace StatuutHub.Domain.Tests;

public sealed class Sha256TextTests
{
    public static TheoryData<string> Texts => new()
    {
        string.Empty,
        "abc",
        "Zoë • 85073003328 • \u001f gescheiden",
        new string('x', 1024),
        new string('é', 700) + "tail",
        string.Concat(Enumerable.Repeat("een lange audittekst ", 500)),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void IsTheSha256OfTheUtf8Bytes_AsLowerHex(string text) =>
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), Sha256Text.HexOf(text));

    [Fact]
    public void EachHashStandsAlone_TheKeptHasherIsResetBetweenCalls()
    {
        var first = Sha256Text.HexOf("een");
        _ = Sha256Text.HexOf(new string('y', 5000));
        Assert.Equal(first, Sha256Text.HexOf("een"));
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256Text.HexOf("abc"));
    }

    [Fact]
    public void ThreadsHashingAtOnce_EachGetTheirOwnTextsHash()
    {
        var texts = Enumerable.Range(0, 2000).Select(i => $"gebeurtenis {i} " + new string('z', i % 1500)).ToArray();
        var expected = texts.Select(t => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(t)))).ToArray();
        var actual = new string[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = Sha256Text.HexOf(texts[i]));
        Assert.Equal(expected, actual);
    }
}
