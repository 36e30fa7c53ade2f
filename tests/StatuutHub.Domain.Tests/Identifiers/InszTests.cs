using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Tests.Identifiers;

public class InszTests
{
    [Theory]
    [InlineData("85073003328", 1985, 7, 30, InszKind.Rijksregisternummer)]
    [InlineData("85.07.30-033.28", 1985, 7, 30, InszKind.Rijksregisternummer)]
    [InlineData(" 850730 033 28 ", 1985, 7, 30, InszKind.Rijksregisternummer)]
    [InlineData("05431512356", 2005, 3, 15, InszKind.BisSexKnown)]
    [InlineData("08010112351", 2008, 1, 1, InszKind.Rijksregisternummer)]
    public void TryParse_ValidNumber_ReadsBirthDateAndKind(string printed, int year, int month, int day, InszKind kind)
    {
        Assert.True(Insz.TryParse(printed, out var insz, out _));
        Assert.Equal(year, insz.BirthYear);
        Assert.Equal(month, insz.BirthMonth);
        Assert.Equal(day, insz.BirthDay);
        Assert.Equal(kind, insz.Kind);
        Assert.Equal(11, insz.Value.Length);
    }

    [Fact]
    public void TryParse_BisNumberSexUnknown_SubtractsTwentyFromMonth()
    {
        var insz = Insz.Parse(InszFactory.Make(1985, 27, 30, 33, century2000: false));
        Assert.Equal(InszKind.BisSexUnknown, insz.Kind);
        Assert.Equal(7, insz.BirthMonth);
    }

    [Fact]
    public void TryParse_UnknownMonthAndDay_IsValidWithoutBirthDate()
    {
        var insz = Insz.Parse(InszFactory.Make(1960, 0, 0, 101, century2000: false));
        Assert.Equal(1960, insz.BirthYear);
        Assert.Equal(0, insz.BirthMonth);
        Assert.Null(insz.BirthDate);
    }

    [Fact]
    public void TryParse_CheckDigitsOf97_WhenRemainderIsZero()
    {
        // 97 divides 000000097: check digits are 97, not 00.
        Assert.True(Insz.TryParse("00000009797", out _, out var error) || error == IdentifierError.Range);
        Assert.False(Insz.TryParse("00000009700", out _, out var wrong));
        Assert.Equal(IdentifierError.Checksum, wrong);
    }

    [Theory]
    [InlineData(null, IdentifierError.Empty)]
    [InlineData("   ", IdentifierError.Empty)]
    [InlineData("8507300332", IdentifierError.Format)]
    [InlineData("850730033280", IdentifierError.Format)]
    [InlineData("85O73003328", IdentifierError.Format)]
    [InlineData("85073003329", IdentifierError.Checksum)]
    public void TryParse_BadInput_SaysWhy(string? printed, IdentifierError expected)
    {
        Assert.False(Insz.TryParse(printed, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData(1985, 13, 1)]
    [InlineData(1985, 2, 30)]
    [InlineData(1985, 4, 31)]
    [InlineData(1985, 1, 32)]
    public void TryParse_ImpossibleBirthDateWithValidCheck_IsRangeError(int year, int month, int day)
    {
        Assert.False(Insz.TryParse(InszFactory.Make(year, month, day, 33, century2000: year >= 2000), out _, out var error));
        Assert.Equal(IdentifierError.Range, error);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(45)]
    [InlineData(99)]
    public void TryParse_MonthZero_DayDigitsAreNoBirthDay_NeitherCheckedNorReported(int dayDigits)
    {
        // Month 00: the month is unknown or that date's serial numbers ran out; the day digits then carry no birth day.
        Assert.True(Insz.TryParse(InszFactory.Make(1985, 0, dayDigits, 33, century2000: false), out var insz, out _));
        Assert.Equal((1985, 0, 0), (insz.BirthYear, insz.BirthMonth, insz.BirthDay));
        Assert.Null(insz.BirthDate);
    }

    [Fact]
    public void TryParse_29February_DependsOnCenturyFromCheckDigits()
    {
        // 1900 was not a leap year, 2000 was: the same YYMMDD is valid only with the 2000s check digits.
        Assert.True(Insz.TryParse(InszFactory.Make(2000, 2, 29, 11, century2000: true), out var leap, out _));
        Assert.Equal(2000, leap.BirthYear);
        Assert.False(Insz.TryParse(InszFactory.Make(1900, 2, 29, 11, century2000: false), out _, out var error));
        Assert.Equal(IdentifierError.Range, error);
    }

    [Fact]
    public void Masked_KeepsOnlyFirstAndLastTwoDigits()
    {
        var insz = Insz.Parse("85073003328");
        Assert.Equal("85*******28", insz.Masked);
        Assert.Equal("85*******28", insz.ToString());
        Assert.DoesNotContain("0730033", insz.ToString(), StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public Property GeneratedValidNumbers_Parse_WithTheirBirthDate() =>
        Prop.ForAll(InszFactory.Arbitrary(), c =>
        {
            var ok = Insz.TryParse(c.Digits, out var insz, out _);
            // With month 00 the day digits are no birth day: the day is unknown.
            var day = c.Month == 0 ? 0 : c.Day;
            return ok && insz.BirthYear == c.Year && insz.BirthMonth == c.Month && insz.BirthDay == day && insz.Kind == c.Kind;
        });

    /// <summary>The mod-97 check catches every single-digit change. The only way a changed number can
    /// still parse is by matching the other century's check, which then changes the birth year:
    /// the number never silently stays the same person.</summary>
    [Property(MaxTest = 300)]
    public Property EverySingleDigitChange_FailsOrChangesCentury() =>
        Prop.ForAll(InszFactory.Arbitrary(), c =>
        {
            foreach (var (position, digit) in SingleDigitChanges(c.Digits))
            {
                var changed = string.Concat(c.Digits.AsSpan(0, position), digit.ToString(), c.Digits.AsSpan(position + 1));
                if (Insz.TryParse(changed, out var read, out _) && read.BirthYear / 100 == c.Year / 100)
                {
                    return false;
                }
            }

            return true;
        });

    internal static IEnumerable<(int Position, char Digit)> SingleDigitChanges(string digits)
    {
        for (var i = 0; i < digits.Length; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d != digits[i])
                {
                    yield return (i, d);
                }
            }
        }
    }
}

/// <summary>Builds INSZ numbers with correct check digits, for examples and generators.</summary>
internal static class InszFactory
{
    public sealed record Case(string Digits, int Year, int Month, int Day, InszKind Kind);

    public static string Make(int year, int month, int day, int serial, bool century2000)
    {
        var nine = $"{year % 100:00}{month:00}{day:00}{serial:000}";
        var n = long.Parse(nine, System.Globalization.CultureInfo.InvariantCulture);
        var check = 97 - (int)((century2000 ? 2_000_000_000L + n : n) % 97);
        return $"{nine}{check:00}";
    }

    public static Arbitrary<Case> Arbitrary()
    {
        var gen =
            from year in Gen.Choose(1920, 2008)
            from month in Gen.Choose(0, 12)
            from day in Gen.Choose(0, 28)
            from serial in Gen.Choose(1, 997)
            from kind in Gen.Elements(InszKind.Rijksregisternummer, InszKind.BisSexUnknown, InszKind.BisSexKnown)
            let printedMonth = month + (kind == InszKind.BisSexUnknown ? 20 : kind == InszKind.BisSexKnown ? 40 : 0)
            select new Case(Make(year, printedMonth, day, serial, year >= 2000), year, month, day, kind);
        return Arb.From(gen);
    }
}
