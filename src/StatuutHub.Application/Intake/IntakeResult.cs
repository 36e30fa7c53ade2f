using StatuutHub.Storage.Contract;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Application.Intake;

/// <summary>How a submit, amend or cancel ended: stored (or already stored), invalid with every problem, or refused.</summary>
public abstract record IntakeResult
{
    private IntakeResult()
    {
    }

    /// <summary>Stored now or earlier (<see cref="WriteResult.Outcome"/> tells which), with what is at risk although it was accepted.</summary>
    public sealed record Accepted(WriteResult Write, IReadOnlyList<ValidationProblem> Warnings) : IntakeResult;

    /// <summary>The document breaks the contract or the rules; nothing was stored.</summary>
    public sealed record Invalid(IReadOnlyList<ValidationProblem> Problems) : IntakeResult;

    /// <summary>Valid, but refused (not found, not the caller's, a conflict).</summary>
    public sealed record Refused(Refusal Refusal) : IntakeResult;
}
