using System.Text.Json;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Receipts;

/// <summary>What a receipt says: the attest, the initiative, the participant's name and masked INSZ, the period, and every body that
/// agreed with its reference and the moment of its decision. The same payload for the API's JWS and the printed page.</summary>
public static class ReceiptContent
{
    /// <summary>The receipt's JSON payload for a Recognised attest, issued at <paramref name="issuedAt"/>.</summary>
    public static string Payload(AttestView view, DateTimeOffset issuedAt) => JsonSerializer.Serialize(new
    {
        iss = Issuer,
        sub = view.AttestId,
        iat = issuedAt.ToUnixTimeSeconds(),
        attest = new
        {
            id = view.AttestId,
            version = view.Version,
            status = view.Status.ToString(),
            initiative = new { kbo = view.Content.Initiative.Kbo.Value, name = view.Content.Initiative.Name },
            participant = new { insz = view.Content.Participant.Insz.Masked, familyName = view.Content.Participant.FamilyName, givenName = view.Content.Participant.GivenName },
            period = new { start = view.Content.Activity.StartDate, end = view.Content.Activity.EndDate },
        },
        bodies = view.Deliveries.Where(d => d.State == DeliveryState.Acknowledged)
            .Select(d => new { destination = d.Destination, message = d.Kind.ToString(), decision = "approved", reference = d.Reference, decidedAt = d.DecidedAt }),
    });

    /// <summary>The issuer every receipt names.</summary>
    public const string Issuer = "statuuthub";
}
