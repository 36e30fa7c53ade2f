using StatuutHub.Domain.Rules;

namespace StatuutHub.Domain.Tests.Rules;

public class RuleTablesTests
{
    private static DatedValue<int> Row(string from, string? to, int value, string source = "a source") =>
        new(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), value, source);

    private static readonly DatedTable<IReadOnlyList<StatuutHub.Domain.Calendar.PublicHoliday>> NoHolidays = new("publicHolidays", [new(new DateOnly(2000, 1, 1), null, [], "s")]);

    private static readonly DatedTable<int> PensionAge = new("legalPensionAge",
    [
        Row("2030-02-01", null, 67),
        Row("2000-01-01", "2025-01-31", 65),
        Row("2025-02-01", "2030-01-31", 66),
    ]);

    [Theory]
    [InlineData("2025-01-31", 65)]
    [InlineData("2025-02-01", 66)]
    [InlineData("2030-01-31", 66)]
    [InlineData("2030-02-01", 67)]
    [InlineData("2099-12-31", 67)]
    public void At_TakesTheRowInForceOnTheDay_OnBothSidesOfEachBoundary(string on, int expected) =>
        Assert.Equal(expected, PensionAge.At(DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Rows_AreKeptOldestFirst_WhateverTheOrderGiven() =>
        Assert.Equal([65, 66, 67], PensionAge.Rows.Select(r => r.Value));

    [Fact]
    public void BeforeTheFirstRow_ThereIsNoValue()
    {
        Assert.Null(PensionAge.RowAt(new DateOnly(1999, 12, 31)));
        Assert.Throws<InvalidOperationException>(() => PensionAge.At(new DateOnly(1999, 12, 31)));
    }

    [Fact]
    public void AGapBetweenRows_IsRefused_NamingTheUncoveredDays()
    {
        var error = Assert.Throws<ArgumentException>(() => new DatedTable<int>("t", [Row("2020-01-01", "2020-12-30", 1), Row("2021-01-01", null, 2)]));
        Assert.Contains("no row covers 2020-12-31 to 2020-12-31", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2021-01-01")]
    [InlineData("2020-06-01")]
    public void OverlappingRows_AreRefused(string secondFrom)
    {
        var error = Assert.Throws<ArgumentException>(() => new DatedTable<int>("t", [Row("2020-01-01", "2021-01-01", 1), Row(secondFrom, null, 2)]));
        Assert.Contains("overlap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOpenEndedRowFollowedByAnother_IsAnOverlap() =>
        Assert.Throws<ArgumentException>(() => new DatedTable<int>("t", [Row("2020-01-01", null, 1), Row("2021-01-01", null, 2)]));

    [Fact]
    public void ARowEndingBeforeItStarts_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new DatedTable<int>("t", [Row("2020-01-01", "2019-12-31", 1)]));

    [Fact]
    public void ARowWithoutSource_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new DatedTable<int>("t", [Row("2020-01-01", null, 1, " ")]));

    [Fact]
    public void AValueOutOfRange_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new DatedTable<int>("t", [Row("2020-01-01", null, 0)], v => v > 0));

    [Fact]
    public void AnEmptyTable_IsRefused() => Assert.Throws<ArgumentException>(() => new DatedTable<int>("t", []));

    [Fact]
    public void AllowanceCapFor_FlagsYearsAfterTheNewestRow_AndFallsBackToTheOldestBeforeTheFirst()
    {
        var caps = new DatedTable<AllowanceCap>("allowanceCaps",
        [
            new(new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), new AllowanceCap(40.67m, 1626.77m), "2023"),
            new(new DateOnly(2024, 1, 1), null, new AllowanceCap(41.48m, 1659.29m), "2024"),
        ]);
        var one = new DatedTable<int>("x", [Row("2000-01-01", null, 1)]);
        var tables = new RuleTables(one, new LegalPension(one), new DatedTable<decimal>("c", [new(new DateOnly(2000, 1, 1), null, 38m, "s")]), caps, one, one, one, NoHolidays, new("submissionDeadlines", [new(new DateOnly(2000, 1, 1), null, [], "s")]), Geography.MunicipalityRegisterTests.Sample(), Routing.TestRouting.Routes, Routing.TestRouting.Services, Routing.TestRouting.Validity);

        Assert.Equal(40.67m, tables.AllowanceCapFor(new DateOnly(2023, 6, 1)).Row.Value.PerDay);
        Assert.Equal(40.67m, tables.AllowanceCapFor(new DateOnly(2020, 6, 1)).Row.Value.PerDay);
        Assert.False(tables.AllowanceCapFor(new DateOnly(2024, 12, 31)).IsExtrapolated);
        var later = tables.AllowanceCapFor(new DateOnly(2027, 1, 4));
        Assert.True(later.IsExtrapolated);
        Assert.Equal(41.48m, later.Row.Value.PerDay);
    }
}
