namespace StatuutHub.Domain.Calendar;

/// <summary>One legal public holiday, as a rule: a fixed day of the year, or a number of days after Easter Sunday.</summary>
public sealed record PublicHoliday(string Name, int? Month, int? Day, int? DaysAfterEaster)
{
    /// <summary>The holiday's date in <paramref name="year"/>.</summary>
    public DateOnly In(int year) => DaysAfterEaster is { } offset
        ? WorkingDayCalendar.EasterSunday(year).AddDays(offset)
        : new DateOnly(year, Month ?? throw new InvalidOperationException($"{Name} has neither a date nor an Easter offset."), Day ?? 1);

    /// <summary>True when the rule names exactly one way to find its date, and that date exists.</summary>
    public bool IsWellFormed() => DaysAfterEaster is not null
        ? Month is null && Day is null
        : Month is >= 1 and <= 12 && Day is >= 1 && Day <= DateTime.DaysInMonth(2000, Month.Value);
}
