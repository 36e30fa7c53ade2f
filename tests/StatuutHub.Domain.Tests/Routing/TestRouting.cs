using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Rules;
using StatuutHub.Domain.Tests.Geography;

namespace StatuutHub.Domain.Tests.Routing;

/// <summary>A routing table written out in the test, shaped as the shipped rules (VDAB for Flanders, the other
/// regional services as gaps, the RVA after the regional permission; yearly and two-yearly permissions), over a
/// few municipalities: one per region, and a Flemish code that ended in 2024.</summary>
internal static class TestRouting
{
    private static readonly DateOnly Since = new(2016, 1, 1);

    public static DatedTable<IReadOnlyList<RouteRule>> Routes { get; } = new("routes",
    [
        new(Since, null, [
            new RouteRule(Benefits.Unemployment, RouteTarget.RegionalEmploymentService, null, "werkloosheid"),
            new RouteRule(Benefits.Unemployment, RouteTarget.Rva, RouteTarget.RegionalEmploymentService, "werkloosheid, betaler"),
            new RouteRule(Benefits.Incapacity, RouteTarget.Mutualiteit, null, "arbeidsongeschiktheid"),
            new RouteRule(Benefits.SocialIntegration, RouteTarget.Ocmw, null, "leefloon"),
            new RouteRule(Benefits.DisabilityAllowance, RouteTarget.Nobody, null, "tegemoetkoming"),
            new RouteRule(null, RouteTarget.Dimona, null, "Dimona"),
        ], "test"),
    ]);

    public static DatedTable<IReadOnlyList<RegionalService>> Services { get; } = new("regionalEmploymentServices",
    [
        new(Since, null, [
            new RegionalService(Region.Flanders, "VDAB", DestinationKind.Vdab),
            new RegionalService(Region.Brussels, "Actiris", null),
            new RegionalService(Region.Wallonia, "Forem", null),
            new RegionalService(Region.GermanSpeaking, "ADG", null),
        ], "test"),
    ]);

    public static DatedTable<IReadOnlyList<PermissionValidity>> Validity { get; } = new("permissionValidity",
    [
        new(Since, null, [new PermissionValidity(PermissionBody.EmploymentService, 12, 30), new PermissionValidity(PermissionBody.Ocmw, 12, 30), new PermissionValidity(PermissionBody.Mutualiteit, 24, 30)], "test"),
    ]);

    public static MunicipalityRegister Municipalities { get; } = new(
    [
        MunicipalityRegisterTests.Row("44021", "Gent"),
        MunicipalityRegisterTests.Row("71022", "Hasselt", to: "2024-12-31", successor: "71072"),
        MunicipalityRegisterTests.Row("71072", "Hasselt", from: "2025-01-01"),
        MunicipalityRegisterTests.Row("21004", "Brussel", region: Region.Brussels),
        MunicipalityRegisterTests.Row("62063", "Luik", region: Region.Wallonia),
        MunicipalityRegisterTests.Row("63023", "Eupen", region: Region.GermanSpeaking),
    ]);

    public static RoutingTable Table { get; } = new(Routes, Services, Validity, Municipalities);
}
