using StatuutHub.Domain.Attests;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation;

/// <summary>Either a canonical attest (with any warnings) or every problem found, never both.</summary>
public sealed record AttestValidationResult
{
    private AttestValidationResult(Attest? attest, IReadOnlyList<ValidationProblem> problems, IReadOnlyList<ValidationProblem> warnings)
    {
        Attest = attest;
        Problems = problems;
        Warnings = warnings;
    }

    /// <summary>The canonical attest when the document was valid.</summary>
    public Attest? Attest { get; }

    /// <summary>Every problem found; empty when valid.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>What is at risk although the attest is accepted (a late start, an allowance that counts as pay):
    /// answered with the acceptance and kept with the version, never a refusal.</summary>
    public IReadOnlyList<ValidationProblem> Warnings { get; }

    /// <summary>True when <see cref="Attest"/> is set.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Attest))]
    public bool IsValid => Attest is not null;

    internal static AttestValidationResult Valid(Attest attest, IReadOnlyList<ValidationProblem> warnings) => new(attest, [], warnings);

    /// <summary>The most problems an answer lists: a document with thousands of faults (every field unknown, say) gets the first
    /// ones and a last entry that says how many there were, not an answer as large as the attack.</summary>
    public const int MaxProblems = 100;

    internal static AttestValidationResult Invalid(IReadOnlyList<ValidationProblem> problems) => new(null, problems.Count <= MaxProblems ? problems
        : [.. problems.Take(MaxProblems - 1), new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.TooManyProblems,
            $"{problems.Count} problemen gevonden; de eerste {MaxProblems - 1} staan hierboven.", $"{problems.Count} problems found; the first {MaxProblems - 1} are listed above.")], []);
}

/// <summary>The two wire forms of the attest contract.</summary>
public enum DocumentFormat
{
    /// <summary>JSON, checked against attest-v1.schema.json.</summary>
    Json,

    /// <summary>XML, checked against attest-v1.xsd.</summary>
    Xml,
}
