using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Validation.Rules;

/// <summary>The routing tables' JSON rows (<c>routes</c>, <c>regionalEmploymentServices</c>, <c>permissionValidity</c>)
/// and how they read into the domain's <see cref="RoutingTable"/>; an unknown name refuses the rules file with the reason.</summary>
internal static class RoutingRulesJson
{
    public sealed record RouteJson(string? When, string To, string? After, string Why, string? Kind = null, bool JobSeeker = false);

    public sealed record ServiceJson(string Region, string Name, string? Destination);

    public sealed record ValidityJson(string Body, int Months, int RenewBeforeDays);

    public static RouteRule Route(RouteJson r) => new(
        r.When is null ? null : ContractNames.TryParseBenefit(r.When, out var benefit) ? benefit : throw new InvalidDataException($"routes: unknown benefit '{r.When}'."),
        Target(r.To),
        r.After is null ? null : Target(r.After),
        string.IsNullOrWhiteSpace(r.Why) ? throw new InvalidDataException("routes: every route says why.") : r.Why)
    {
        Kind = r.Kind is null ? null : ContractNames.TryParseKind(r.Kind, out var kind) ? kind : throw new InvalidDataException($"routes: unknown kind '{r.Kind}'; use AMA_WSE or AMA_WVG."),
        JobSeeker = r.JobSeeker,
    };

    public static RegionalService Service(ServiceJson s) => new(
        RegionCodes.TryParse(s.Region, out var region) ? region : throw new InvalidDataException($"regionalEmploymentServices: unknown region '{s.Region}' ({RegionCodes.All})."),
        s.Name,
        s.Destination is null ? null
            : Destination.TryParseKind(s.Destination, out var kind) ? kind
            : throw new InvalidDataException($"regionalEmploymentServices: unknown destination '{s.Destination}'."));

    public static PermissionValidity Validity(ValidityJson v) => new(
        ContractNames.TryParsePermissionBody(v.Body, out var body) ? body : throw new InvalidDataException($"permissionValidity: unknown body '{v.Body}'."),
        v.Months,
        v.RenewBeforeDays);

    private static RouteTarget Target(string name) => name switch
    {
        "REGIONAL_EMPLOYMENT_SERVICE" => RouteTarget.RegionalEmploymentService,
        "VDAB" => RouteTarget.Vdab,
        "RVA" => RouteTarget.Rva,
        "MUTUALITEIT" => RouteTarget.Mutualiteit,
        "OCMW" => RouteTarget.Ocmw,
        "DIMONA" => RouteTarget.Dimona,
        "NOBODY" => RouteTarget.Nobody,
        _ => throw new InvalidDataException($"routes: unknown body '{name}'."),
    };
}
