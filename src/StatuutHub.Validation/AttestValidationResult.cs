using StatuutHub.Domain.Attests;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation;

/// <summary>Either a canonical attest or every problem found, never both.</summary>
public sealed record AttestValidationResult
{
    private AttestValidationResult(Attest? attest, IReadOnlyList<ValidationProblem> problems)
    {
        Attest = attest;
        Problems = problems;
    }

    /// <summary>The canonical attest when the document was valid.</summary>
    public Attest? Attest { get; }

    /// <summary>Every problem found; empty when valid.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>True when <see cref="Attest"/> is set.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Attest))]
    public bool IsValid => Attest is not null;

    internal static AttestValidationResult Valid(Attest attest) => new(attest, []);

    internal static AttestValidationResult Invalid(IReadOnlyList<ValidationProblem> problems) => new(null, problems);
}

/// <summary>The two wire forms of the attest contract.</summary>
public enum DocumentFormat
{
    /// <summary>JSON, checked against attest-v1.schema.json.</summary>
    Json,

    /// <summary>XML, checked against attest-v1.xsd.</summary>
    Xml,
}
