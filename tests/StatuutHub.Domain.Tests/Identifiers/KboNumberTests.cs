using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Tests.Identifiers;

public class KboNumberTests
{
    [Theory]
    [InlineData("0123456749")]
    [InlineData("0123.456.749")]
    [InlineData("BE0123456749")]
    [InlineData("be 0123.456.749")]
    [InlineData("BE0123-456-749")]
    [InlineData("123456749")]
    [InlineData("123.456.749")]
    public void TryParse_PrintedForms_NormaliseToDigits(string printed)
    {
        Assert.True(KboNumber.TryParse(printed, out var kbo, out _));
        Assert.Equal("0123456749", kbo.Value);
        Assert.Equal("0123.456.749", kbo.ToString());
    }

    [Theory]
    [InlineData("", IdentifierError.Empty)]
    [InlineData("01234567", IdentifierError.Format)]
    [InlineData("123456748", IdentifierError.Checksum)]
    [InlineData("NL0123456749", IdentifierError.Format)]
    [InlineData("0123456748", IdentifierError.Checksum)]
    [InlineData("2123456791", IdentifierError.Range)]
    public void TryParse_BadInput_SaysWhy(string printed, IdentifierError expected)
    {
        Assert.False(KboNumber.TryParse(printed, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void TheOldNineDigitForm_IsOnlyForEnterpriseNumbers_NotForEstablishmentUnits()
    {
        Assert.Equal("0123456749", KboNumber.Parse("123456749").Value);
        Assert.False(EstablishmentUnitNumber.TryParse("123456749", out _, out var error));
        Assert.Equal(IdentifierError.Format, error);
    }

    [Fact]
    public void EstablishmentUnit_AcceptsFirstDigitTwoToEight()
    {
        Assert.True(EstablishmentUnitNumber.TryParse("2.123.456.791", out var unit, out _));
        Assert.Equal("2123456791", unit.Value);
        Assert.Equal("2.123.456.791", unit.ToString());
        Assert.False(EstablishmentUnitNumber.TryParse("0123456749", out _, out var error));
        Assert.Equal(IdentifierError.Range, error);
    }

    [Property(MaxTest = 500)]
    public Property GeneratedNumbers_Parse_AndEverySingleDigitChangeFails() =>
        Prop.ForAll(Arb.From(TenDigitGen('0', '1')), digits =>
            KboNumber.TryParse(digits, out var kbo, out _) && kbo.Value == digits
            && InszTests.SingleDigitChanges(digits).All(change =>
                !KboNumber.TryParse(Replace(digits, change), out _, out _)));

    [Property(MaxTest = 500)]
    public Property GeneratedEstablishmentUnits_Parse_AndEverySingleDigitChangeFailsOrLeavesTheRange() =>
        Prop.ForAll(Arb.From(TenDigitGen('2', '8')), digits =>
            EstablishmentUnitNumber.TryParse(digits, out _, out _)
            && InszTests.SingleDigitChanges(digits).All(change =>
                !EstablishmentUnitNumber.TryParse(Replace(digits, change), out _, out _)));

    private static string Replace(string digits, (int Position, char Digit) change) =>
        string.Concat(digits.AsSpan(0, change.Position), change.Digit.ToString(), digits.AsSpan(change.Position + 1));

    private static Gen<string> TenDigitGen(char firstFrom, char firstTo) =>
        from first in Gen.Choose(firstFrom - '0', firstTo - '0')
        from rest in Gen.Choose(0, 9_999_999)
        let eight = $"{first}{rest:0000000}"
        let check = 97 - (int)(long.Parse(eight, System.Globalization.CultureInfo.InvariantCulture) % 97)
        select $"{eight}{check:00}";
}
