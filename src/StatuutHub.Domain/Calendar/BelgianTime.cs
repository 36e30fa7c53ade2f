namespace StatuutHub.Domain.Calendar;

/// <summary>Belgian civil time (Europe/Brussels): which day it is, and when a day begins.</summary>
public static class BelgianTime
{
    private static readonly TimeZoneInfo Zone = Find();

    /// <summary>The Belgian calendar day at the instant <paramref name="at"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    /// <summary>The instant <paramref name="at"/> as a Belgian clock shows it, with its offset (+01:00 in winter, +02:00 in summer).</summary>
    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The instant the Belgian day <paramref name="day"/> begins.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Brussels");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc; // no tz database: a day's edge may be off by an hour or two
        }
    }
}
