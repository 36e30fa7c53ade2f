using StatuutHub.Domain.Attests;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Intake;

/// <summary>The refusals a submit, amend or cancel can end in, with their stable codes and messages:
/// one table for every channel (REST problem details, SOAP faults), so all say the same.</summary>
public static class Refusals
{
    /// <summary>The refusal of a store answer, or null when it was accepted.</summary>
    public static Refusal? Of(WriteResult result) => result.Outcome switch
    {
        WriteOutcome.Accepted or WriteOutcome.AlreadyAccepted => null,
        WriteOutcome.NotFound => NotFound(result.AttestId),
        _ => result.Conflict switch
        {
            "OVERLAPPING_ATTEST" => new Refusal(RefusalKind.Conflict, "OVERLAPPING_ATTEST",
                $"Er is al een actief attest {result.ConflictingAttestId} voor deze deelnemer in een overlappende periode.",
                $"An active attest {result.ConflictingAttestId} already exists for this participant in an overlapping period.",
                result.ConflictingAttestId),
            AttestConflicts.KindsOverlap => new Refusal(RefusalKind.Conflict, AttestConflicts.KindsOverlap,
                $"De deelnemer heeft in een overlappende periode al een attest van het andere kader ({result.ConflictingAttestId}); AMA WVG en AMA WSE lopen nooit tegelijk.",
                $"The participant already has an attest of the other framework in an overlapping period ({result.ConflictingAttestId}); AMA WVG and AMA WSE never run at the same time.",
                result.ConflictingAttestId),
            AttestConflicts.HoursOverCeilingTogether => new Refusal(RefusalKind.Conflict, AttestConflicts.HoursOverCeilingTogether,
                $"Samen met attest {result.ConflictingAttestId} komt de deelnemer boven het maximum aantal uren per week.",
                $"Together with attest {result.ConflictingAttestId} the participant exceeds the maximum hours per week.",
                result.ConflictingAttestId),
            AttestConflicts.AllowanceOverYearCapTogether => new Refusal(RefusalKind.Conflict, AttestConflicts.AllowanceOverYearCapTogether,
                $"Samen met attest {result.ConflictingAttestId} komen de forfaitaire vergoedingen van de deelnemer in een kalenderjaar boven het jaarplafond voor vrijwilligers.",
                $"Together with attest {result.ConflictingAttestId} the participant's flat allowances exceed the volunteer year cap in a calendar year.",
                result.ConflictingAttestId),
            AttestChanges.StaleVersion => new Refusal(RefusalKind.PreconditionFailed, AttestChanges.StaleVersion,
                $"Het attest werd intussen gewijzigd: de huidige versie is {result.Version}. Lees de status opnieuw en pas daarop aan.",
                $"The attest was changed meanwhile: the current version is {result.Version}. Read its status again and amend that."),
            AttestChanges.ParticipantChanged => new Refusal(RefusalKind.Conflict, AttestChanges.ParticipantChanged,
                "Een wijziging kan de deelnemer niet veranderen: een attest hoort bij één persoon. Trek dit attest in en dien een nieuw in voor de andere deelnemer.",
                "An amendment cannot change the participant: an attest belongs to one person. Cancel this attest and submit a new one for the other participant."),
            "ATTEST_CANCELLED" => new Refusal(RefusalKind.Conflict, "ATTEST_CANCELLED",
                "Dit attest is ingetrokken en kan niet meer gewijzigd worden.", "This attest was cancelled and can no longer be changed."),
            _ => new Refusal(RefusalKind.Conflict, "ATTEST_ID_REUSED",
                "Dit attestId werd al gebruikt voor een attest met andere inhoud; wijzig het met PUT (REST) of AmendAttest (SOAP).",
                "This attestId was already used for an attest with other content; amend it with PUT (REST) or AmendAttest (SOAP)."),
        },
    };

    /// <summary>The attest does not exist, or is not the caller's (the two answer alike).</summary>
    public static Refusal NotFound(Guid attestId) => new(RefusalKind.NotFound, "ATTEST_NOT_FOUND",
        $"Attest {attestId} bestaat niet.", $"Attest {attestId} does not exist.");

    /// <summary>The attest id in the document is not the one addressed.</summary>
    public static Refusal IdMismatch { get; } = new(RefusalKind.BadRequest, "ATTEST_ID_MISMATCH",
        "Het attestId in het document verschilt van dat in de URL.", "The attestId in the document differs from the one in the URL.");

    /// <summary>The document names another initiative than the caller's credential.</summary>
    public static Refusal InitiativeMismatch(string callerKbo) => new(RefusalKind.Forbidden, "INITIATIVE_MISMATCH",
        $"Deze sleutel hoort bij initiatief {callerKbo}; het attest vermeldt een ander KBO-nummer.",
        $"This credential belongs to initiative {callerKbo}; the attest names another KBO number.");

    /// <summary>A conflict with another initiative's attest, said without anything of it: not its id, its framework or its amounts.</summary>
    public static Refusal NeedsSupportCheck { get; } = new(RefusalKind.Conflict, "NEEDS_SUPPORT_CHECK",
        "De hub kan dit attest niet automatisch aanvaarden: de helpdesk van de hub moet het eerst nakijken. Neem contact op en vermeld het correlatie-id; dien het intussen niet opnieuw in.",
        "The hub cannot accept this attest automatically: the hub's support desk must look at it first. Contact them quoting the correlation id; do not submit it again meanwhile.");
}
