using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Rules;

namespace StatuutHub.Domain.Tests.Calendar;

public class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar Calendar = new(new DatedTable<IReadOnlyList<PublicHoliday>>("publicHolidays",
    [
        new(new DateOnly(2000, 1, 1), null,
        [
            new PublicHoliday("Nieuwjaar", 1, 1, null),
            new PublicHoliday("Paasmaandag", null, null, 1),
            new PublicHoliday("Hemelvaart", null, null, 39),
            new PublicHoliday("Pinkstermaandag", null, null, 50),
            new PublicHoliday("Kerstmis", 12, 25, null),
        ], "test"),
    ]));

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void EasterSunday_IsComputed(int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), WorkingDayCalendar.EasterSunday(year));

    [Fact]
    public void TheHolidaysCountedFromEaster_MoveWithIt()
    {
        var days = Calendar.HolidaysOf(2026).Select(h => h.Date).ToArray();
        Assert.Equal([new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 6), new DateOnly(2026, 5, 14), new DateOnly(2026, 5, 25), new DateOnly(2026, 12, 25)], days);
    }

    [Theory]
    [InlineData("2027-01-04", 30, "2027-02-15")] // no holiday in between: six weeks of five days
    [InlineData("2027-03-01", 30, "2027-04-13")] // Easter Monday 29 March is skipped
    [InlineData("2026-12-01", 30, "2027-01-14")] // Christmas and New Year are skipped
    [InlineData("2027-01-08", 1, "2027-01-11")]  // the day counted from is not included; the weekend is skipped
    [InlineData("2027-01-08", 0, "2027-01-08")]
    public void AddWorkingDays_SkipsWeekendsAndHolidays_AndNotTheFirstDay(string from, int count, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Calendar.AddWorkingDays(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), count));

    [Theory]
    [InlineData("2027-01-05", "2027-01-04")]
    [InlineData("2027-01-04", "2026-12-31")] // Monday: Friday 1 January is New Year
    [InlineData("2027-03-30", "2027-03-26")] // Tuesday after Easter Monday
    public void WorkingDayBefore_IsTheAdvisersDeadlineForAStart(string start, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Calendar.WorkingDayBefore(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void AMalformedHolidayRule_IsNotWellFormed()
    {
        Assert.False(new PublicHoliday("x", 2, 30, null).IsWellFormed());
        Assert.False(new PublicHoliday("x", 1, 1, 3).IsWellFormed());
        Assert.True(new PublicHoliday("x", 2, 29, null).IsWellFormed());
    }
}
