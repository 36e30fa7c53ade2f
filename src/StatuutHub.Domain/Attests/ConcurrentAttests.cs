using StatuutHub.Domain.Rules;

namespace StatuutHub.Domain.Attests;

/// <summary>What one person's attests may be at the same time (docs/domain.md, "Business rules"): AMA WVG and
/// AMA WSE never overlap; the same initiative and workplace never twice in one period; two WSE attests not at
/// once; WVG attests at different workplaces may run together, but their hours add up under the weekly
/// ceiling; and WSE flat allowances add up per calendar year under the volunteer year cap.</summary>
public static class ConcurrentAttests
{
    /// <summary>The conflict between <paramref name="candidate"/> and the person's other active attests that touch
    /// the same calendar years (<paramref name="others"/>), or null when it may run beside them.</summary>
    public static AttestConflict? Check(Attest candidate, IReadOnlyList<Attest> others, RuleTables tables)
    {
        var overlapping = others.Where(o => o.AttestId != candidate.AttestId && Overlaps(o, candidate)).ToArray();
        foreach (var other in overlapping)
        {
            if (other.Kind != candidate.Kind)
            {
                return new AttestConflict(AttestConflicts.KindsOverlap, other.AttestId);
            }

            if (WorkplaceOf(other) == WorkplaceOf(candidate) || candidate.Kind == AttestKind.AmaWse)
            {
                return new AttestConflict(AttestConflicts.Overlapping, other.AttestId);
            }
        }

        // Only WVG attests at other workplaces are left: together they stay under the weekly ceiling on every day.
        // The load only rises where an attest starts, so checking each start within the candidate's period suffices.
        var ceiling = tables.WeeklyHoursCeiling.At(candidate.Activity.StartDate);
        foreach (var day in overlapping.Select(o => Later(o.Activity.StartDate, candidate.Activity.StartDate)).Append(candidate.Activity.StartDate))
        {
            var active = overlapping.Where(o => o.Activity.StartDate <= day && day <= o.Activity.LastDay).ToArray();
            if (candidate.Activity.HoursPerWeek + active.Sum(o => o.Activity.HoursPerWeek) > ceiling)
            {
                return new AttestConflict(AttestConflicts.HoursOverCeilingTogether, active[0].AttestId);
            }
        }

        return candidate.Kind == AttestKind.AmaWse ? CheckAllowanceYears(candidate, others, tables) : null;
    }

    /// <summary>The workplace an attest is for: the initiative, the workplace's identifiers (contract v1: the
    /// initiative's own) and its name.</summary>
    public static string WorkplaceOf(Attest attest) =>
        $"{attest.Initiative.Kbo.Value}/{attest.EffectiveWerkpost.Kbo?.Value}/{attest.EffectiveWerkpost.EstablishmentUnit?.Value}/{attest.Activity.Workplace.Trim().ToUpperInvariant()}";

    private static AttestConflict? CheckAllowanceYears(Attest candidate, IReadOnlyList<Attest> others, RuleTables tables)
    {
        var wse = others.Where(o => o.AttestId != candidate.AttestId && o.Kind == AttestKind.AmaWse).Append(candidate).ToArray();
        for (var year = candidate.Activity.StartDate.Year; year <= candidate.Activity.AssessedUntil.Year; year++)
        {
            var total = wse.Sum(a => YearTotal(a, year, tables));
            var cap = tables.AllowanceCapFor(new DateOnly(year, 1, 1)).Row.Value.PerYear;
            if (total > cap)
            {
                var other = wse.Where(a => a.AttestId != candidate.AttestId && YearTotal(a, year, tables) > 0).Select(a => (Guid?)a.AttestId).FirstOrDefault();
                return new AttestConflict(AttestConflicts.AllowanceOverYearCapTogether, other);
            }
        }

        return null;
    }

    private static decimal YearTotal(Attest attest, int year, RuleTables tables)
    {
        var a = attest.Activity;
        var days = a.DaysPerWeek ?? tables.AssumedDaysPerWeek.At(a.StartDate);
        return AllowanceYears.Of(a.StartDate, a.AssessedUntil, a.ExpenseAllowancePerDay, days).Where(y => y.Year == year).Sum(y => y.Total);
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static bool Overlaps(Attest a, Attest b) =>
        a.Activity.StartDate <= b.Activity.LastDay && b.Activity.StartDate <= a.Activity.LastDay;
}

/// <summary>Why an attest cannot run beside another of the same person, and which one (shown only to its owner).</summary>
public sealed record AttestConflict(string Code, Guid? OtherAttestId);

/// <summary>The stable codes of <see cref="AttestConflict"/>.</summary>
public static class AttestConflicts
{
    /// <summary>The same workplace twice, or two AMA WSE attests, in one period.</summary>
    public const string Overlapping = "OVERLAPPING_ATTEST";

    /// <summary>AMA WVG and AMA WSE at the same time.</summary>
    public const string KindsOverlap = "WVG_WSE_OVERLAP";

    /// <summary>Concurrent WVG attests add up to more hours than the weekly ceiling.</summary>
    public const string HoursOverCeilingTogether = "HOURS_OVER_CAP_TOGETHER";

    /// <summary>WSE flat allowances of one calendar year add up to more than the volunteer year cap.</summary>
    public const string AllowanceOverYearCapTogether = "ALLOWANCE_OVER_YEAR_CAP_TOGETHER";
}
