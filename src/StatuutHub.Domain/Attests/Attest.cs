using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Attests;

/// <summary>The canonical attest arbeidszorg (contract v1): one per participant and period,
/// chosen id by the initiative, the same whether it arrived as JSON or XML.</summary>
public sealed record Attest(
    Guid AttestId,
    AttestKind Kind,
    Initiative Initiative,
    Participant Participant,
    Benefits Benefits,
    Activity Activity);

/// <summary>The policy framework the attest belongs to.</summary>
public enum AttestKind
{
    /// <summary>AMA in the social economy (Werk en Sociale Economie).</summary>
    AmaWse,

    /// <summary>AMA in welfare and health (Welzijn, Volksgezondheid en Gezin).</summary>
    AmaWvg,
}

/// <summary>The organisation that runs the workplace and supervises the participant.</summary>
public sealed record Initiative(KboNumber Kbo, EstablishmentUnitNumber? EstablishmentUnit, string Name);

/// <summary>The person doing the activity.</summary>
public sealed record Participant(
    Insz Insz,
    string FamilyName,
    string GivenName,
    DateOnly BirthDate,
    NisCode ResidenceNis,
    Landsbond? Landsbond);

/// <summary>What, where and how long; <see cref="DaysPerWeek"/> is optional and only sharpens the yearly allowance check.</summary>
public sealed record Activity(
    DateOnly StartDate,
    DateOnly EndDate,
    decimal HoursPerWeek,
    string Workplace,
    string? Description,
    decimal ExpenseAllowancePerDay,
    int? DaysPerWeek);

/// <summary>The benefits the participant receives; a set, so a flags value with value equality.</summary>
[Flags]
public enum Benefits
{
    /// <summary>No benefit.</summary>
    None = 0,

    /// <summary>Unemployment benefit paid through the RVA.</summary>
    Unemployment = 1,

    /// <summary>Incapacity or invalidity benefit paid by the mutualiteit (RIZIV).</summary>
    Incapacity = 2,

    /// <summary>Social integration income (leefloon) paid by the OCMW.</summary>
    SocialIntegration = 4,

    /// <summary>Disability allowance (FOD Sociale Zekerheid DG HAN); no adapter in v1.</summary>
    DisabilityAllowance = 8,
}

/// <summary>The wire names of <see cref="Benefits"/> and <see cref="AttestKind"/>, shared by both contracts.</summary>
public static class ContractNames
{
    private static readonly (string Name, Benefits Value)[] BenefitNames =
    [
        ("UNEMPLOYMENT", Benefits.Unemployment),
        ("INCAPACITY", Benefits.Incapacity),
        ("SOCIAL_INTEGRATION", Benefits.SocialIntegration),
        ("DISABILITY_ALLOWANCE", Benefits.DisabilityAllowance),
    ];

    /// <summary>Parses one benefit name as written in the contract.</summary>
    public static bool TryParseBenefit(string? name, out Benefits benefit)
    {
        foreach (var (n, v) in BenefitNames)
        {
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                benefit = v;
                return true;
            }
        }

        benefit = Benefits.None;
        return false;
    }

    /// <summary>The contract names of the benefits in the set, in contract order.</summary>
    public static IReadOnlyList<string> BenefitNamesOf(Benefits benefits) =>
        BenefitNames.Where(b => benefits.HasFlag(b.Value) && b.Value != Benefits.None).Select(b => b.Name).ToArray();

    /// <summary>Parses AMA_WSE / AMA_WVG.</summary>
    public static bool TryParseKind(string? name, out AttestKind kind)
    {
        switch (name)
        {
            case "AMA_WSE":
                kind = AttestKind.AmaWse;
                return true;
            case "AMA_WVG":
                kind = AttestKind.AmaWvg;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>The contract name of a kind.</summary>
    public static string NameOf(AttestKind kind) => kind == AttestKind.AmaWse ? "AMA_WSE" : "AMA_WVG";
}
