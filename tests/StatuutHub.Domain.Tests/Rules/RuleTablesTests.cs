using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Rules;

namespace StatuutHub.Domain.Tests.Rules;

public class RuleTablesTests
{
    private static RuleTables Tables() => new(
        [
            new HoursCapRow(Benefits.Unemployment, new DateOnly(2000, 1, 1), 28, "old"),
            new HoursCapRow(Benefits.Unemployment, new DateOnly(2026, 1, 1), 30, "new"),
            new HoursCapRow(Benefits.Incapacity, new DateOnly(2000, 1, 1), null, "none"),
        ],
        [
            new AllowanceCapRow(new DateOnly(2024, 1, 1), 41.48m, 1659.29m, "2024"),
            new AllowanceCapRow(new DateOnly(2023, 1, 1), 40.67m, 1626.77m, "2023"),
        ],
        [new LimitsRow(new DateOnly(2000, 1, 1), 18, 24, 30, 5, "x")]);

    [Fact]
    public void HoursCapFor_TakesTheRowInForceOnTheDate()
    {
        var tables = Tables();
        Assert.Equal(28, tables.HoursCapFor(Benefits.Unemployment, new DateOnly(2025, 12, 31))!.MaxHoursPerWeek);
        Assert.Equal(30, tables.HoursCapFor(Benefits.Unemployment, new DateOnly(2026, 1, 1))!.MaxHoursPerWeek);
        Assert.Null(tables.HoursCapFor(Benefits.Incapacity, new DateOnly(2026, 1, 1))!.MaxHoursPerWeek);
        Assert.Null(tables.HoursCapFor(Benefits.SocialIntegration, new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void AllowanceCapFor_SortsRows_AndFlagsYearsAfterTheNewest()
    {
        var tables = Tables();
        Assert.Equal(40.67m, tables.AllowanceCapFor(new DateOnly(2023, 6, 1)).Row.PerDay);
        var inYear = tables.AllowanceCapFor(new DateOnly(2024, 12, 31));
        Assert.False(inYear.IsExtrapolated);
        var later = tables.AllowanceCapFor(new DateOnly(2027, 1, 4));
        Assert.True(later.IsExtrapolated);
        Assert.Equal(41.48m, later.Row.PerDay);
    }

    [Fact]
    public void Constructor_RefusesEmptyOrNonPositiveCaps()
    {
        Assert.Throws<ArgumentException>(() => new RuleTables([], [], [new LimitsRow(new DateOnly(2000, 1, 1), 18, 24, 30, 5, "x")]));
        Assert.Throws<ArgumentException>(() => new RuleTables([], [new AllowanceCapRow(new DateOnly(2024, 1, 1), 0, 1, "bad")], [new LimitsRow(new DateOnly(2000, 1, 1), 18, 24, 30, 5, "x")]));
    }
}
