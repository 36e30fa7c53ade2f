using System.Globalization;
using System.Xml.Linq;
using StatuutHub.Delivery.Adapters;

namespace StatuutHub.Adapters.Rva;

/// <summary>Canonical attest → RVA AMA notification (schemas/destinations/rva-ama-notification-v2.xsd), naming the
/// regional employment service's permission it follows.</summary>
public static class RvaMessageMapper
{
    public static readonly XNamespace Ns = "urn:be:rva:ama-notification:v2";

    public static string Map(OutboundMessage m)
    {
        var a = m.Content;
        // Routing only lets an RVA message go with a permission: the one it waited for, or one the attest holds.
        var permission = m.RegionalPermissionReference
            ?? throw new DeliveryFailedException("no regional permission to name in the RVA notification", transient: false);
        return new XDocument(new XElement(Ns + "amaNotification",
            new XElement(Ns + "messageId", m.MessageId.ToString("D")),
            new XElement(Ns + "attestId", m.AttestId.ToString("D")),
            new XElement(Ns + "attestVersion", m.Version),
            new XElement(Ns + "action", MessageActions.Of(m.Kind)),
            new XElement(Ns + "regionalPermissionReference", permission),
            new XElement(Ns + "insz", a.Participant.Insz.Value),
            new XElement(Ns + "participantName", $"{a.Participant.FamilyName} {a.Participant.GivenName}"),
            new XElement(Ns + "initiativeKbo", a.Initiative.Kbo.Value),
            new XElement(Ns + "initiativeName", a.Initiative.Name),
            new XElement(Ns + "startDate", a.Activity.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            m.EndDate is { } end ? new XElement(Ns + "endDate", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null,
            new XElement(Ns + "hoursPerWeek", a.Activity.HoursPerWeek.ToString(CultureInfo.InvariantCulture)),
            new XElement(Ns + "workplace", a.Activity.Workplace),
            new XElement(Ns + "expenseAllowancePerDay", a.Activity.ExpenseAllowancePerDay.ToString(CultureInfo.InvariantCulture)))).ToString(SaveOptions.DisableFormatting);
    }
}
