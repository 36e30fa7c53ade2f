using System.Globalization;
using System.Xml.Linq;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Dimona;

/// <summary>Canonical attest → Dimona-style declaration (schemas/destinations/dimona-declaration-v1.xsd):
/// IN for a new attest, UPDATE for an amendment, OUT for an early end or a cancellation.</summary>
public static class DimonaMessageMapper
{
    public static readonly XNamespace Ns = "urn:be:rsz:dimona-ama:v1";

    public static string DeclarationType(MessageKind kind) => kind switch
    {
        MessageKind.Create => "IN",
        MessageKind.Amend => "UPDATE",
        _ => "OUT",
    };

    public static string Map(OutboundMessage m)
    {
        var a = m.Content;
        var root = new XElement(Ns + "dimonaDeclaration",
            new XElement(Ns + "messageId", m.MessageId.ToString("D")),
            new XElement(Ns + "attestId", m.AttestId.ToString("D")),
            new XElement(Ns + "attestVersion", m.Version),
            new XElement(Ns + "declarationType", DeclarationType(m.Kind)),
            new XElement(Ns + "employerKbo", a.Initiative.Kbo.Value));
        if (a.Initiative.EstablishmentUnit is { } unit)
        {
            root.Add(new XElement(Ns + "establishmentUnit", unit.Value));
        }

        root.Add(
            new XElement(Ns + "workerInsz", a.Participant.Insz.Value),
            new XElement(Ns + "workerType", "AMA"),
            new XElement(Ns + "startDate", a.Activity.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            // An open-ended activity (contract v2) has no end date to declare yet.
            m.EndDate is { } end ? new XElement(Ns + "endDate", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null);
        if (m.Kind == MessageKind.Cancel)
        {
            root.Add(new XElement(Ns + "cancelled", "true"));
        }

        return new XDocument(root).ToString(SaveOptions.DisableFormatting);
    }
}
