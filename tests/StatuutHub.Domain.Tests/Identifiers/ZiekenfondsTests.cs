using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Tests.Identifiers;

public class ZiekenfondsTests
{
    [Theory]
    [InlineData("120", "100")]
    [InlineData("235", "200")]
    [InlineData("317", "300")]
    [InlineData("417", "400")]
    [InlineData("509", "500")]
    [InlineData("600", "600")]
    [InlineData("900", "900")]
    public void TheFirstDigit_IsTheLandsbond(string code, string landsbond)
    {
        Assert.True(Ziekenfonds.TryParse(code, out var fund, out _));
        Assert.Equal((code, landsbond), (fund.Code, fund.Landsbond.Code));
    }

    [Theory]
    [InlineData("", IdentifierError.Empty)]
    [InlineData("12", IdentifierError.Format)]
    [InlineData("1200", IdentifierError.Format)]
    [InlineData("12a", IdentifierError.Format)]
    [InlineData("720", IdentifierError.Range)]
    [InlineData("020", IdentifierError.Range)]
    public void BadCodes_SayWhy(string code, IdentifierError expected)
    {
        Assert.False(Ziekenfonds.TryParse(code, out _, out var error));
        Assert.Equal(expected, error);
    }
}
