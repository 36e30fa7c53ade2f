using StatuutHub.Domain.Rules;

namespace StatuutHub.Domain.Calendar;

/// <summary>Belgian working days: Monday to Friday except the legal public holidays, which are computed each
/// year from their rules (fixed days, and days counted from Easter), never typed in per year.</summary>
public sealed class WorkingDayCalendar(DatedTable<IReadOnlyList<PublicHoliday>> holidays)
{
    /// <summary>The public holidays of <paramref name="year"/>, by the rules in force on its first day.</summary>
    public IReadOnlyList<(DateOnly Date, string Name)> HolidaysOf(int year) =>
        holidays.At(new DateOnly(year, 1, 1)).Select(h => (h.In(year), h.Name)).OrderBy(h => h.Item1).ToArray();

    // The holidays of each year asked about, computed once: a term of 30 working days asks about some 40 days, and the
    // dispatcher counts one for every delivery it sends to a body whose answer is due a number of working days after the start.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, HashSet<DateOnly>> _holidayDates = new();

    /// <summary>True on a public holiday.</summary>
    public bool IsPublicHoliday(DateOnly day) =>
        _holidayDates.GetOrAdd(day.Year, year => [.. HolidaysOf(year).Select(h => h.Date)]).Contains(day);

    /// <summary>True on a working day: not a Saturday, a Sunday or a public holiday.</summary>
    public bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsPublicHoliday(day);

    /// <summary>The <paramref name="count"/>th working day after <paramref name="from"/>: a term counted from a day
    /// does not include that day (Gerechtelijk Wetboek, art. 52).</summary>
    public DateOnly AddWorkingDays(DateOnly from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = from;
        for (var counted = 0; counted < count;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>The last working day before <paramref name="day"/> (the adviser's deadline for a start on it).</summary>
    public DateOnly WorkingDayBefore(DateOnly day)
    {
        var before = day.AddDays(-1);
        while (!IsWorkingDay(before))
        {
            before = before.AddDays(-1);
        }

        return before;
    }

    /// <summary>The first working day after <paramref name="day"/> (a Dimona OUT's deadline after the last day).</summary>
    public DateOnly FirstWorkingDayAfter(DateOnly day) => AddWorkingDays(day, 1);

    /// <summary>Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
