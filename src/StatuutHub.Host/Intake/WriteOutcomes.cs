using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Intake;

/// <summary>The refusals a submit, amend or cancel can end in, with their stable codes and messages:
/// one table for REST (problem details) and SOAP (faults), so both say the same.</summary>
public static class WriteOutcomes
{
    /// <summary>The refusal of a result, or null when it was accepted.</summary>
    public static Refusal? RefusalOf(WriteResult result) => result.Outcome switch
    {
        WriteOutcome.Accepted or WriteOutcome.AlreadyAccepted => null,
        WriteOutcome.NotFound => NotFound(result.AttestId),
        _ => result.Conflict switch
        {
            "OVERLAPPING_ATTEST" => new Refusal(StatusCodes.Status409Conflict, "OVERLAPPING_ATTEST",
                $"Er is al een actief attest {result.ConflictingAttestId} voor deze deelnemer in een overlappende periode.",
                $"An active attest {result.ConflictingAttestId} already exists for this participant in an overlapping period.",
                result.ConflictingAttestId),
            "ATTEST_CANCELLED" => new Refusal(StatusCodes.Status409Conflict, "ATTEST_CANCELLED",
                "Dit attest is ingetrokken en kan niet meer gewijzigd worden.", "This attest was cancelled and can no longer be changed."),
            _ => new Refusal(StatusCodes.Status409Conflict, "ATTEST_ID_REUSED",
                "Dit attestId werd al gebruikt voor een attest met andere inhoud; wijzig het met PUT (REST) of AmendAttest (SOAP).",
                "This attestId was already used for an attest with other content; amend it with PUT (REST) or AmendAttest (SOAP)."),
        },
    };

    /// <summary>The attest does not exist (or, later, is not the caller's).</summary>
    public static Refusal NotFound(Guid attestId) => new(StatusCodes.Status404NotFound, "ATTEST_NOT_FOUND",
        $"Attest {attestId} bestaat niet.", $"Attest {attestId} does not exist.");

    /// <summary>The attest id in the document is not the one addressed.</summary>
    public static Refusal IdMismatch { get; } = new(StatusCodes.Status400BadRequest, "ATTEST_ID_MISMATCH",
        "Het attestId in het document verschilt van dat in de URL.", "The attestId in the document differs from the one in the URL.");
}

/// <summary>A refusal with its HTTP status, stable code and messages.</summary>
public sealed record Refusal(int Status, string Code, string MessageNl, string MessageEn, Guid? ConflictingAttestId = null);
