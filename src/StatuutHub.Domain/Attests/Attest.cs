using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Attests;

/// <summary>The canonical attest arbeidszorg: one per participant and period, chosen id by the initiative,
/// the same whether it arrived as JSON or XML, contract v1 or v2 (v1 documents take the v2 defaults below).</summary>
public sealed record Attest(
    Guid AttestId,
    AttestKind Kind,
    Initiative Initiative,
    Participant Participant,
    Benefits Benefits,
    Activity Activity)
{
    /// <summary>The workplace's own identifiers (contract v2); null: the initiative's own, as contract v1 implies.
    /// The workplace's name is <see cref="Activity.Workplace"/>.</summary>
    public Werkpost? Werkpost { get; init; }

    /// <summary>Permissions the participant already holds for this activity (contract v2).</summary>
    public HeldPermissions PermissionsHeld { get; init; } = HeldPermissions.Empty;

    /// <summary>The day the benefits as listed take effect (contract v2): on an amendment that changes them, the bodies no
    /// longer concerned are told the route ends the day before, instead of the day before the amendment arrives.</summary>
    public DateOnly? BenefitsFrom { get; init; }

    /// <summary>The workplace's identifiers, with the contract v1 default applied.</summary>
    public Werkpost EffectiveWerkpost => Werkpost ?? new Werkpost(Initiative.Kbo, Initiative.EstablishmentUnit);
}

/// <summary>The workplace where the participant works, by its enterprise number and/or establishment unit.</summary>
public sealed record Werkpost(KboNumber? Kbo, EstablishmentUnitNumber? EstablishmentUnit);

/// <summary>The policy framework the attest belongs to.</summary>
public enum AttestKind
{
    /// <summary>AMA in the social economy (Werk en Sociale Economie).</summary>
    AmaWse,

    /// <summary>AMA "in het kader van het gezondheids- en welzijnsbeleid" (Departement Zorg; formerly Welzijn, Volksgezondheid en Gezin).</summary>
    AmaWvg,
}

/// <summary>The organisation that runs the workplace and supervises the participant.</summary>
public sealed record Initiative(KboNumber Kbo, EstablishmentUnitNumber? EstablishmentUnit, string Name);

/// <summary>The person doing the activity. Contract v2 may name the ziekenfonds (its landsbond follows from it)
/// and the competent OCMW when it is not the one of the residence.</summary>
public sealed record Participant(
    Insz Insz,
    string FamilyName,
    string GivenName,
    DateOnly BirthDate,
    NisCode ResidenceNis,
    Landsbond? Landsbond)
{
    /// <summary>The participant's ziekenfonds (contract v2).</summary>
    public Ziekenfonds? Ziekenfonds { get; init; }

    /// <summary>The competent OCMW's municipality when it differs from the residence (contract v2).</summary>
    public NisCode? CompetentOcmw { get; init; }

    /// <summary>Registered with the employment service as a job seeker (contract v2), also without an unemployment benefit:
    /// in AMA WVG the regional employment service must agree then too.</summary>
    public bool RegisteredJobSeeker { get; init; }

    /// <summary>In begeleid werken (VAPH) at the same time (contract v2): AMA cannot be combined with it.</summary>
    public bool BegeleidWerken { get; init; }

    /// <summary>The landsbond as given, or as the ziekenfonds implies.</summary>
    public Landsbond? EffectiveLandsbond => Landsbond ?? Ziekenfonds?.Landsbond;

    /// <summary>The municipality whose OCMW is competent: the override, or the residence.</summary>
    public NisCode EffectiveOcmw => CompetentOcmw ?? ResidenceNis;
}

/// <summary>What, where and how long. <see cref="EndDate"/> is null for an open-ended activity (contract v2);
/// <see cref="ExpenseAllowancePerDay"/> is the flat allowance, <see cref="RealCostsPerDay"/> the real costs refunded
/// on proof (contract v2, never capped); <see cref="DaysPerWeek"/> only sharpens the yearly allowance check.</summary>
public sealed record Activity(
    DateOnly StartDate,
    DateOnly? EndDate,
    decimal HoursPerWeek,
    string Workplace,
    string? Description,
    decimal ExpenseAllowancePerDay,
    int? DaysPerWeek)
{
    /// <summary>Real costs refunded per day on proof (transport on a ticket, …).</summary>
    public decimal RealCostsPerDay { get; init; }

    /// <summary>The last day for overlaps: the end date, or for an open-ended activity the far future.</summary>
    public DateOnly LastDay => EndDate ?? DateOnly.MaxValue;

    /// <summary>The last day yearly sums (allowances) are judged up to: the end date, or for an open-ended activity
    /// one year from the start, the span of one yearly permission; later years are judged when it is renewed.</summary>
    public DateOnly AssessedUntil => EndDate ?? StartDate.AddYears(1).AddDays(-1);
}

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

    private static readonly (string Name, PermissionBody Value)[] PermissionBodies =
    [
        ("EMPLOYMENT_SERVICE", PermissionBody.EmploymentService),
        ("MUTUALITEIT", PermissionBody.Mutualiteit),
        ("OCMW", PermissionBody.Ocmw),
    ];

    /// <summary>Parses a permission body as written in contract v2.</summary>
    public static bool TryParsePermissionBody(string? name, out PermissionBody body)
    {
        var found = PermissionBodies.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.Ordinal));
        body = found.Value;
        return found.Name is not null;
    }

    /// <summary>The contract v2 name of a permission body.</summary>
    public static string NameOf(PermissionBody body) => PermissionBodies.First(b => b.Value == body).Name;
}
