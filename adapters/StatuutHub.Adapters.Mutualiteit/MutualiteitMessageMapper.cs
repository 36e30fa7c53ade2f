using System.Text.Json.Nodes;
using StatuutHub.Delivery.Adapters;

namespace StatuutHub.Adapters.Mutualiteit;

/// <summary>Canonical attest → request for authorisation by the adviserend arts
/// (schemas/destinations/mutualiteit-authorisation-request-v2.schema.json). The werkpost is the request's organisation, as the
/// form asks (departementwvg.be, FAQ: "als 'organisatie' vul je de werkpost in"), and the days per week go with the hours.</summary>
public static class MutualiteitMessageMapper
{
    public static string Map(OutboundMessage m)
    {
        var a = m.Content;
        var landsbond = a.Participant.EffectiveLandsbond ?? throw new InvalidOperationException("A mutualiteit message needs the participant's landsbond.");
        var description = a.Activity.Description is { Length: > 0 } d ? $"{a.Activity.Workplace}: {d}" : a.Activity.Workplace;
        var period = new JsonObject { ["start"] = a.Activity.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };
        if (m.EndDate is { } end)
        {
            period["end"] = end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture); // none yet for an open-ended activity
        }

        var werkpost = a.EffectiveWerkpost;
        var organisation = new JsonObject();
        if (werkpost.Kbo is { } kbo)
        {
            organisation["kbo"] = kbo.Value;
        }

        if (werkpost.EstablishmentUnit is { } unit)
        {
            organisation["establishmentUnit"] = unit.Value;
        }

        organisation["name"] = a.Activity.Workplace;
        var message = new JsonObject
        {
            ["messageId"] = m.MessageId.ToString("D"),
            ["attestId"] = m.AttestId.ToString("D"),
            ["attestVersion"] = m.Version,
            ["action"] = MessageActions.Of(m.Kind),
            ["landsbond"] = landsbond.Code,
            ["insz"] = a.Participant.Insz.Value,
            ["participantName"] = $"{a.Participant.FamilyName} {a.Participant.GivenName}",
            ["initiative"] = new JsonObject { ["kbo"] = a.Initiative.Kbo.Value, ["name"] = a.Initiative.Name },
            ["organisation"] = organisation,
            ["period"] = period,
            ["hoursPerWeek"] = a.Activity.HoursPerWeek,
            ["activityDescription"] = description,
        };
        if (a.Activity.DaysPerWeek is { } days)
        {
            message["daysPerWeek"] = days;
        }

        return message.ToJsonString();
    }
}
