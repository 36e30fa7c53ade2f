using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Tests.Identifiers;

public class NisCodeAndLandsbondTests
{
    [Theory]
    [InlineData("44021")]
    [InlineData("11002")]
    [InlineData("93090")]
    public void NisCode_FiveDigits_Parses(string code) => Assert.Equal(code, NisCode.Parse(code).Value);

    [Theory]
    [InlineData("4402", IdentifierError.Format)]
    [InlineData("440211", IdentifierError.Format)]
    [InlineData("4402A", IdentifierError.Format)]
    [InlineData("04021", IdentifierError.Range)]
    [InlineData(null, IdentifierError.Empty)]
    public void NisCode_BadInput_SaysWhy(string? code, IdentifierError expected)
    {
        Assert.False(NisCode.TryParse(code, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("200")]
    [InlineData("300")]
    [InlineData("400")]
    [InlineData("500")]
    [InlineData("600")]
    [InlineData("900")]
    public void Landsbond_KnownCodes_ParseWithName(string code)
    {
        var landsbond = Landsbond.Parse(code);
        Assert.Equal(code, landsbond.Code);
        Assert.False(string.IsNullOrWhiteSpace(landsbond.Name));
    }

    [Theory]
    [InlineData("700", IdentifierError.Range)]
    [InlineData("000", IdentifierError.Range)]
    [InlineData("10", IdentifierError.Format)]
    [InlineData("1OO", IdentifierError.Format)]
    public void Landsbond_UnknownCodes_AreRefused(string code, IdentifierError expected)
    {
        Assert.False(Landsbond.TryParse(code, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Landsbond_All_ListsTheSevenUnions() => Assert.Equal(["100", "200", "300", "400", "500", "600", "900"], Landsbond.All.Select(l => l.Code));
}
