namespace StatuutHub.Validation.Documents;

/// <summary>The attest as the client wrote it, after the schema passed and before the business
/// rules: identifiers still in their printed form, so errors can quote what was sent.</summary>
public sealed class AttestDocument
{
    public string AttestId { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public InitiativeDocument Initiative { get; set; } = new();
    public ParticipantDocument Participant { get; set; } = new();
    public List<string> Benefits { get; set; } = [];
    public ActivityDocument Activity { get; set; } = new();
}

/// <summary>The initiative part of <see cref="AttestDocument"/>.</summary>
public sealed class InitiativeDocument
{
    public string Kbo { get; set; } = string.Empty;
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
}

/// <summary>The activity part of <see cref="AttestDocument"/>.</summary>
public sealed class ActivityDocument
{
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public decimal HoursPerWeek { get; set; }
    public string Workplace { get; set; } = string.Empty;
    public string? Description { get; set; }
    public decimal ExpenseAllowancePerDay { get; set; }
    public int? DaysPerWeek { get; set; }
}
