using StatuutHub.Domain.Attests;

namespace StatuutHub.Domain.Rules;

/// <summary>The dated rule values the business rules read: hours caps per benefit, the volunteer
/// allowance caps and the general limits. Loaded from configuration, never written as literals
/// in rule code, so a new year's figure is a new row and not a code change.</summary>
public sealed class RuleTables
{
    /// <summary>Builds the tables; rows are kept sorted by their start date.</summary>
    public RuleTables(IEnumerable<HoursCapRow> hoursCaps, IEnumerable<AllowanceCapRow> allowanceCaps, IEnumerable<LimitsRow> limits)
    {
        HoursCaps = hoursCaps.OrderBy(r => r.ValidFrom).ToArray();
        AllowanceCaps = allowanceCaps.OrderBy(r => r.ValidFrom).ToArray();
        Limits = limits.OrderBy(r => r.ValidFrom).ToArray();
        if (AllowanceCaps.Count == 0 || Limits.Count == 0)
        {
            throw new ArgumentException("The rule tables need at least one allowance cap row and one limits row.");
        }

        if (HoursCaps.Any(r => r.MaxHoursPerWeek is <= 0) || AllowanceCaps.Any(r => r.PerDay <= 0 || r.PerYear <= 0))
        {
            throw new ArgumentException("Caps must be positive.");
        }
    }

    /// <summary>Hours-per-week caps, per benefit, dated.</summary>
    public IReadOnlyList<HoursCapRow> HoursCaps { get; }

    /// <summary>Volunteer flat-rate allowance caps (forfaitaire kostenvergoeding), dated, indexed yearly.</summary>
    public IReadOnlyList<AllowanceCapRow> AllowanceCaps { get; }

    /// <summary>Age, period and backdating limits, dated.</summary>
    public IReadOnlyList<LimitsRow> Limits { get; }

    /// <summary>The hours cap for a benefit on a date; null when the benefit has no fixed cap then.</summary>
    public HoursCapRow? HoursCapFor(Benefits benefit, DateOnly on) =>
        HoursCaps.LastOrDefault(r => r.Benefit == benefit && r.ValidFrom <= on);

    /// <summary>The allowance cap in force on a date; <see cref="AllowanceCapLookup.IsExtrapolated"/>
    /// says that the date lies in a calendar year after the newest row (the newest row applies then).</summary>
    public AllowanceCapLookup AllowanceCapFor(DateOnly on)
    {
        var row = AllowanceCaps.LastOrDefault(r => r.ValidFrom <= on) ?? AllowanceCaps[0];
        var newest = AllowanceCaps[^1];
        return new AllowanceCapLookup(row, on.Year > newest.ValidFrom.Year);
    }

    /// <summary>The limits in force on a date (the earliest row before any row applies).</summary>
    public LimitsRow LimitsFor(DateOnly on) => Limits.LastOrDefault(r => r.ValidFrom <= on) ?? Limits[0];
}

/// <summary>A benefit's hours-per-week cap from a date on; <see cref="MaxHoursPerWeek"/> null = no fixed cap.</summary>
public sealed record HoursCapRow(Benefits Benefit, DateOnly ValidFrom, decimal? MaxHoursPerWeek, string Source);

/// <summary>The allowance caps per day and per calendar year from a date on.</summary>
public sealed record AllowanceCapRow(DateOnly ValidFrom, decimal PerDay, decimal PerYear, string Source);

/// <summary>General limits from a date on.</summary>
public sealed record LimitsRow(DateOnly ValidFrom, int MinimumAge, int MaxPeriodMonths, int MaxBackdatingDays, int AssumedDaysPerWeek, string Source);

/// <summary>An allowance cap and whether it was carried forward past the newest known year.</summary>
public sealed record AllowanceCapLookup(AllowanceCapRow Row, bool IsExtrapolated);
