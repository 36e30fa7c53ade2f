using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Rules;

namespace StatuutHub.Domain.Routing;

/// <summary>The routing rules as dated data: which body each benefit needs, which regional employment service
/// serves which region, how long permissions last, and the municipalities (for the residence's region).</summary>
public sealed class RoutingTable(
    DatedTable<IReadOnlyList<RouteRule>> routes,
    DatedTable<IReadOnlyList<RegionalService>> regionalServices,
    DatedTable<IReadOnlyList<PermissionValidity>> permissionValidity,
    MunicipalityRegister municipalities)
{
    /// <summary>The legal pension by birth date; null (tests of routing alone): no activity ends at the pension.</summary>
    public LegalPension? Pension { get; init; }

    /// <summary>The last day <paramref name="attest"/> can run: its end date, or, when the legal pension of the participant starts
    /// earlier (an open-ended attest), the day before it. Renewals are not planned past it and the store keeps it as the attest's end.</summary>
    public DateOnly LastDayOf(Attest attest)
    {
        var last = attest.Activity.LastDay;
        return Pension?.LastActivityDayOf(attest.Participant.BirthDate) is { } pension && pension < last ? pension : last;
    }

    /// <summary>The routes in force on <paramref name="on"/>.</summary>
    public IReadOnlyList<RouteRule> RoutesOn(DateOnly on) => routes.At(on);

    /// <summary>The region of the municipality <paramref name="nis"/> names on <paramref name="on"/>; null when the code names none then.</summary>
    public Region? RegionOf(Identifiers.NisCode nis, DateOnly on) =>
        municipalities.Find(nis, on) is MunicipalityLookup.Valid valid ? valid.Municipality.Region : null;

    /// <summary>The regional employment service of <paramref name="region"/> on <paramref name="on"/>.</summary>
    public RegionalService? ServiceOf(Region region, DateOnly on) => regionalServices.At(on).FirstOrDefault(s => s.Region == region);

    /// <summary>A permission the attest holds from <paramref name="body"/> that is still valid on the start date and was given
    /// for this activity (<see cref="PermissionHeld.Covers"/>), if any (the newest).</summary>
    public PermissionHeld? ValidPermission(Attest attest, PermissionBody body) =>
        DatedPermissions(attest, body).Where(p => p.Covers(attest)).MaxBy(p => p.GivenOn);

    /// <summary>True when the attest holds a permission of <paramref name="body"/> valid on the start date but given for another
    /// activity (other hours or werkpost): the body is asked again, and the plan says why.</summary>
    public bool HoldsOnlyForAnotherActivity(Attest attest, PermissionBody body) =>
        ValidPermission(attest, body) is null && DatedPermissions(attest, body).Any();

    private IEnumerable<PermissionHeld> DatedPermissions(Attest attest, PermissionBody body)
    {
        var start = attest.Activity.StartDate;
        var months = permissionValidity.At(start).FirstOrDefault(v => v.Body == body)?.Months;
        return months is not { } m ? [] : attest.PermissionsHeld.Where(p => p.Body == body && p.GivenOn <= start && p.GivenOn.AddMonths(m) > start);
    }

    /// <summary>How long a permission of <paramref name="body"/> given on <paramref name="on"/> lasts, and when to ask again; null when it does not expire.</summary>
    public PermissionValidity? ValidityOf(PermissionBody body, DateOnly on) =>
        permissionValidity.RowAt(on)?.Value.FirstOrDefault(v => v.Body == body);

    /// <summary>The last day a held permission is valid.</summary>
    public DateOnly ValidUntil(PermissionHeld permission, DateOnly on) =>
        permission.GivenOn.AddMonths(permissionValidity.At(on).First(v => v.Body == permission.Body).Months).AddDays(-1);
}
