namespace StatuutHub.Domain.Rules;

/// <summary>How a flat allowance per day adds up per calendar year: the activity days of each year of a
/// period (calendar days × days per week ÷ 7, rounded up, never more than the calendar days).</summary>
public static class AllowanceYears
{
    /// <summary>Per calendar year of <paramref name="start"/>–<paramref name="end"/>: the activity days and the allowance they add up to.</summary>
    public static IEnumerable<(int Year, int ActivityDays, decimal Total)> Of(DateOnly start, DateOnly end, decimal perDay, int daysPerWeek)
    {
        for (var year = start.Year; year <= end.Year; year++)
        {
            var from = year == start.Year ? start : new DateOnly(year, 1, 1);
            var to = year == end.Year ? end : new DateOnly(year, 12, 31);
            var calendarDays = to.DayNumber - from.DayNumber + 1;
            var activityDays = Math.Min(calendarDays, (int)Math.Ceiling(calendarDays / 7m * daysPerWeek));
            yield return (year, activityDays, perDay * activityDays);
        }
    }
}
