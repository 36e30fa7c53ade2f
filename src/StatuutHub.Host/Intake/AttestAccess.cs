using StatuutHub.Domain.Attests;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Intake;

/// <summary>Tenant isolation, shared by REST and SOAP: an initiative submits only for its own KBO number
/// and sees only its own attests. Another initiative's attest answers exactly as a missing one, so its
/// existence does not leak.</summary>
public static class AttestAccess
{
    /// <summary>The attest, if it exists and belongs to the calling initiative.</summary>
    public static async Task<AttestView?> OwnedAsync(IHubStore store, Guid attestId, HubCaller caller, CancellationToken ct)
    {
        var view = await store.GetAttestAsync(attestId, ct);
        return view is not null && view.Content.Initiative.Kbo.Value == caller.Name ? view : null;
    }

    /// <summary>A refusal when the document names another initiative than the caller's credential.</summary>
    public static Refusal? CheckSubmitter(Attest attest, HubCaller caller) => attest.Initiative.Kbo.Value == caller.Name
        ? null
        : new Refusal(StatusCodes.Status403Forbidden, "INITIATIVE_MISMATCH",
            $"Deze sleutel hoort bij initiatief {caller.Name}; het attest vermeldt een ander KBO-nummer.",
            $"This credential belongs to initiative {caller.Name}; the attest names another KBO number.");

    /// <summary>An overlap refusal names the conflicting attest only when it is the caller's own.</summary>
    public static async Task<Refusal?> ForCallerAsync(Refusal? refusal, IHubStore store, HubCaller caller, CancellationToken ct) =>
        refusal?.ConflictingAttestId is { } other && await OwnedAsync(store, other, caller, ct) is null
            ? refusal with
            {
                ConflictingAttestId = null,
                MessageNl = "Er is al een actief attest voor deze deelnemer in een overlappende periode, bij een ander initiatief.",
                MessageEn = "An active attest already exists for this participant in an overlapping period, at another initiative.",
            }
            : refusal;
}
