namespace StatuutHub.Validation.Documents;

/// <summary>The attest as the client wrote it, after the schema passed and before the business rules:
/// identifiers still in their printed form, so errors can quote what was sent. Both contracts read into this
/// one shape; <see cref="Normalise"/> puts a v2 document's fields where the rules read them.</summary>
public sealed class AttestDocument
{
    /// <summary>"2" for contract v2 (JSON: the <c>contractVersion</c> field; XML: the v2 namespace); null for v1.</summary>
    public string? ContractVersion { get; set; }
    public string AttestId { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public InitiativeDocument Initiative { get; set; } = new();
    public WerkpostDocument? Werkpost { get; set; }
    public ParticipantDocument Participant { get; set; } = new();
    public List<string> Benefits { get; set; } = [];
    public ActivityDocument Activity { get; set; } = new();
    public List<PermissionHeldDocument> PermissionsHeld { get; set; } = [];
    public DateOnly? BenefitsFrom { get; set; }

    /// <summary>True for a contract v2 document.</summary>
    public bool IsV2 => ContractVersion == "2";

    /// <summary>Where the flat allowance sits in this document's contract (for problem paths).</summary>
    public string AllowancePath => IsV2 ? "activity.flatAllowancePerDay" : "activity.expenseAllowancePerDay";

    /// <summary>Copies a v2 document's workplace name and flat allowance to the fields v1 has them in.</summary>
    public AttestDocument Normalise()
    {
        if (IsV2)
        {
            Activity.Workplace = Werkpost?.Name ?? string.Empty;
            Activity.ExpenseAllowancePerDay = Activity.FlatAllowancePerDay;
        }

        return this;
    }
}

/// <summary>The initiative part of <see cref="AttestDocument"/>.</summary>
public sealed class InitiativeDocument
{
    public string Kbo { get; set; } = string.Empty;
    public string? EstablishmentUnit { get; set; }
    public string Name { get; set; } = string.Empty;
}

/// <summary>The workplace (contract v2).</summary>
public sealed class WerkpostDocument
{
    public string? Kbo { get; set; }
    public string? EstablishmentUnit { get; set; }
    public string Name { get; set; } = string.Empty;
}

/// <summary>The participant part of <see cref="AttestDocument"/>.</summary>
public sealed class ParticipantDocument
{
    public string Insz { get; set; } = string.Empty;
    public string FamilyName { get; set; } = string.Empty;
    public string GivenName { get; set; } = string.Empty;
    public DateOnly BirthDate { get; set; }
    public string ResidenceNis { get; set; } = string.Empty;
    public string? Landsbond { get; set; }
    public string? Ziekenfonds { get; set; }
    public string? CompetentOcmwNis { get; set; }
    public bool? RegisteredJobSeeker { get; set; }
    public bool? BegeleidWerken { get; set; }
}

/// <summary>The activity part of <see cref="AttestDocument"/>.</summary>
public sealed class ActivityDocument
{
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public decimal HoursPerWeek { get; set; }
    public string Workplace { get; set; } = string.Empty;
    public string? Description { get; set; }
    public decimal ExpenseAllowancePerDay { get; set; }
    public decimal FlatAllowancePerDay { get; set; }
    public decimal RealCostsPerDay { get; set; }
    public int? DaysPerWeek { get; set; }
}

/// <summary>A permission the participant already holds (contract v2).</summary>
public sealed class PermissionHeldDocument
{
    public string Body { get; set; } = string.Empty;
    public string Reference { get; set; } = string.Empty;
    public DateOnly GivenOn { get; set; }
    public decimal? HoursPerWeek { get; set; }
    public string? WerkpostKbo { get; set; }
}
