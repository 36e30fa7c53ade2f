using System.Globalization;
using System.Text.Json.Nodes;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Attests;

namespace StatuutHub.Adapters.Vdab;

/// <summary>Canonical attest → VDAB permission request (schemas/destinations/vdab-ama-permission-request-v1.schema.json):
/// the kind says which advice is asked (AMA WSE: bemiddelingsadvies; AMA WVG: niet-toeleidbaar), the werkpost where.</summary>
public static class VdabMessageMapper
{
    public static string Map(OutboundMessage m)
    {
        var a = m.Content;
        var werkpost = a.EffectiveWerkpost;
        var place = new JsonObject { ["name"] = a.Activity.Workplace };
        if (werkpost.Kbo is { } kbo)
        {
            place["kbo"] = kbo.Value;
        }

        if (werkpost.EstablishmentUnit is { } unit)
        {
            place["establishmentUnit"] = unit.Value;
        }

        var message = new JsonObject
        {
            ["messageId"] = m.MessageId.ToString("D"),
            ["attestId"] = m.AttestId.ToString("D"),
            ["attestVersion"] = m.Version,
            ["action"] = MessageActions.Of(m.Kind),
            ["kind"] = ContractNames.NameOf(a.Kind),
            ["insz"] = a.Participant.Insz.Value,
            ["participant"] = new JsonObject { ["familyName"] = a.Participant.FamilyName, ["givenName"] = a.Participant.GivenName },
            ["residenceNis"] = a.Participant.ResidenceNis.Value,
            ["initiativeKbo"] = a.Initiative.Kbo.Value,
            ["werkpost"] = place,
            ["startDate"] = a.Activity.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["hoursPerWeek"] = a.Activity.HoursPerWeek,
        };
        if (m.EndDate is { } end)
        {
            message["endDate"] = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return message.ToJsonString();
    }
}
