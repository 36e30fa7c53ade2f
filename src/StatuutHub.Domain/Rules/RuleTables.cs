using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Domain.Rules;

/// <summary>The dated rule values the business rules read (docs/domain.md): ages, the weekly hours ceiling,
/// the volunteer allowance caps, the period and late-start limits, the municipalities. Loaded from data with a source per row,
/// never written as literals in rule code, so a new year's figure is a new row and not a code change.</summary>
public sealed class RuleTables(
    DatedTable<int> minimumAge,
    LegalPension legalPension,
    DatedTable<decimal> weeklyHoursCeiling,
    DatedTable<AllowanceCap> allowanceCaps,
    DatedTable<int> maxPeriodMonths,
    DatedTable<int> lateStartWindowDays,
    DatedTable<int> assumedDaysPerWeek,
    DatedTable<IReadOnlyList<PublicHoliday>> publicHolidays,
    DatedTable<IReadOnlyList<SubmissionDeadline>> submissionDeadlines,
    MunicipalityRegister municipalities,
    DatedTable<IReadOnlyList<RouteRule>> routes,
    DatedTable<IReadOnlyList<RegionalService>> regionalServices,
    DatedTable<IReadOnlyList<PermissionValidity>> permissionValidity)
{
    /// <summary>The youngest age at which a participant may start.</summary>
    public DatedTable<int> MinimumAge { get; } = minimumAge;

    /// <summary>The legal pension by birth date: a participant takes part up to the day before it starts.</summary>
    public LegalPension LegalPension { get; } = legalPension;

    /// <summary>Hours per week no participant goes beyond (the sector's working time).</summary>
    public DatedTable<decimal> WeeklyHoursCeiling { get; } = weeklyHoursCeiling;

    /// <summary>The volunteer flat expense allowance caps per day and per calendar year, indexed yearly.</summary>
    public DatedTable<AllowanceCap> AllowanceCaps { get; } = allowanceCaps;

    /// <summary>The longest period one attest (contract v1) may cover, in months.</summary>
    public DatedTable<int> MaxPeriodMonths { get; } = maxPeriodMonths;

    /// <summary>How many days back a start may lie and still be accepted.</summary>
    public DatedTable<int> LateStartWindowDays { get; } = lateStartWindowDays;

    /// <summary>Activity days per week assumed for the yearly allowance when the attest gives none.</summary>
    public DatedTable<int> AssumedDaysPerWeek { get; } = assumedDaysPerWeek;

    /// <summary>The legal public holidays, as rules (fixed days and days after Easter), for working-day terms.</summary>
    public DatedTable<IReadOnlyList<PublicHoliday>> PublicHolidays { get; } = publicHolidays;

    /// <summary>By when each body must have its message, relative to the start, and what is at risk otherwise.</summary>
    public DatedTable<IReadOnlyList<SubmissionDeadline>> SubmissionDeadlines { get; } = submissionDeadlines;

    /// <summary>Every NIS code with the days it names a municipality, its region and, after a merger, its successor.</summary>
    public MunicipalityRegister Municipalities { get; } = municipalities;

    /// <summary>Benefits that exclude each other (unemployment and incapacity for the same days); null: none are checked.</summary>
    public DatedTable<IReadOnlyList<BenefitExclusion>>? BenefitExclusions { get; init; }

    /// <summary>The kilometres of real transport costs a year that may be refunded beside a volunteer's flat allowance (the one
    /// exception to "flat or real, not both"); null: the combination is not checked.</summary>
    public DatedTable<int>? FlatAllowanceTransportKmPerYear { get; init; }

    /// <summary>True where AMA cannot be combined with begeleid werken (VAPH); null: not checked.</summary>
    public DatedTable<bool>? BegeleidWerkenExcludesAma { get; init; }

    /// <summary>Who must be told, for which benefit, in which order; which service serves which region; how long permissions last.</summary>
    public RoutingTable Routing { get; } = new(routes, regionalServices, permissionValidity, municipalities) { Pension = legalPension };

    /// <summary>The allowance cap in force on a date (the oldest row before the first); <see cref="AllowanceCapLookup.IsExtrapolated"/>
    /// says that the date lies in a calendar year after the newest row's start, whose figure is not known yet.</summary>
    public AllowanceCapLookup AllowanceCapFor(DateOnly on)
    {
        var row = AllowanceCaps.RowAt(on) ?? AllowanceCaps.Rows[0];
        return new AllowanceCapLookup(row, on.Year > AllowanceCaps.Newest.ValidFrom.Year);
    }
}

/// <summary>The volunteer allowance caps of one period.</summary>
public sealed record AllowanceCap(decimal PerDay, decimal PerYear);

/// <summary>An allowance cap and whether it was carried forward past the newest known year.</summary>
public sealed record AllowanceCapLookup(DatedValue<AllowanceCap> Row, bool IsExtrapolated);
