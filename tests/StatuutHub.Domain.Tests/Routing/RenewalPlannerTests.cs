using StatuutHub.Domain.Routing;

namespace StatuutHub.Domain.Tests.Routing;

/// <summary>When the hub asks a body again, by the permission-validity rules (12 months for VDAB and the OCMW,
/// 24 for the adviserend arts, asked 30 days before the permission's last day).</summary>
public class RenewalPlannerTests
{
    private static DateOnly D(string day) => DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(DestinationKind.Vdab, "2026-11-22", "2027-11-21", "2027-10-23")]
    [InlineData(DestinationKind.Ocmw, "2026-11-22", "2027-11-21", "2027-10-23")]
    [InlineData(DestinationKind.Mutualiteit, "2026-11-22", "2028-11-21", "2028-10-23")]
    [InlineData(DestinationKind.Vdab, "2028-02-29", "2029-02-27", "2029-01-29")]
    public void AnOpenEndedActivity_IsRenewedBeforeThePermissionsLastDay(DestinationKind kind, string approved, string lastDay, string askOn)
    {
        var renewal = RenewalPlanner.Next(kind, D(approved), null, TestRouting.Table);
        Assert.Equal(new Renewal(D(askOn), D(lastDay)), renewal);
    }

    [Theory]
    [InlineData("2027-11-21", false)] // ends on the permission's last day: nothing to renew
    [InlineData("2027-11-22", true)]
    public void AnActivityThatEndsWithinThePermission_NeedsNoRenewal(string end, bool renewed) =>
        Assert.Equal(renewed, RenewalPlanner.Next(DestinationKind.Vdab, D("2026-11-22"), D(end), TestRouting.Table) is not null);

    [Theory]
    [InlineData(DestinationKind.Rva)]
    [InlineData(DestinationKind.Dimona)]
    public void BodiesWhoseAnswersDoNotExpire_AreNeverAskedAgain(DestinationKind kind) =>
        Assert.Null(RenewalPlanner.Next(kind, D("2026-11-22"), null, TestRouting.Table));
}
