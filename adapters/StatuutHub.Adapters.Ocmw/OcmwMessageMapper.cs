using System.Text.Json.Nodes;
using StatuutHub.Delivery.Adapters;

namespace StatuutHub.Adapters.Ocmw;

/// <summary>Canonical attest → notification for the leefloon file of the competent OCMW
/// (schemas/destinations/ocmw-leefloon-notification-v2.schema.json).</summary>
public static class OcmwMessageMapper
{
    public static string Map(OutboundMessage m)
    {
        var a = m.Content;
        var message = new JsonObject
        {
            ["messageId"] = m.MessageId.ToString("D"),
            ["attestId"] = m.AttestId.ToString("D"),
            ["attestVersion"] = m.Version,
            ["action"] = MessageActions.Of(m.Kind),
            ["ocmwNis"] = m.Destination.Address,
            ["insz"] = a.Participant.Insz.Value,
            ["participant"] = new JsonObject { ["familyName"] = a.Participant.FamilyName, ["givenName"] = a.Participant.GivenName },
            ["initiativeKbo"] = a.Initiative.Kbo.Value,
            ["startDate"] = a.Activity.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["hoursPerWeek"] = a.Activity.HoursPerWeek,
            ["expenseAllowancePerDay"] = a.Activity.ExpenseAllowancePerDay,
        };
        if (m.EndDate is { } end)
        {
            message["endDate"] = end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture); // none yet for an open-ended activity
        }

        return message.ToJsonString();
    }
}
