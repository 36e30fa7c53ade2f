using System.Globalization;
using System.Xml.Linq;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Dimona;

/// <summary>Canonical attest → Dimona declaration (schemas/destinations/dimona-declaration-v2.xsd), worker type DWD:
/// IN for a new attest, UPDATE for an amendment, OUT for an end, CANCEL for a withdrawal (the RSZ's own declaration type,
/// not an OUT: www.socialsecurity.be, Dimona, "Wanneer doet u aangifte?"); by the declaring employer.</summary>
public static class DimonaMessageMapper
{
    public static readonly XNamespace Ns = "urn:be:rsz:dimona-ama:v2";

    public static string DeclarationType(MessageKind kind) => kind switch
    {
        MessageKind.Create => "IN",
        MessageKind.Amend => "UPDATE",
        MessageKind.Cancel => "CANCEL",
        _ => "OUT",
    };

    /// <summary>The employer that declares: the maatwerkbedrijf for AMA WSE; for AMA WVG as configured.</summary>
    public static (string Kbo, string? EstablishmentUnit) DeclaringEmployer(Attest a, DimonaOptions options) =>
        a.Kind == AttestKind.AmaWvg && options.WvgDeclaringEmployer == Dimona.DeclaringEmployer.Werkpost && a.EffectiveWerkpost.Kbo is { } werkpost
            ? (werkpost.Value, a.EffectiveWerkpost.EstablishmentUnit?.Value)
            : (a.Initiative.Kbo.Value, a.Initiative.EstablishmentUnit?.Value);

    public static string Map(OutboundMessage m, DimonaOptions options)
    {
        var a = m.Content;
        var (kbo, unit) = DeclaringEmployer(a, options);
        var root = new XElement(Ns + "dimonaDeclaration",
            new XElement(Ns + "messageId", m.MessageId.ToString("D")),
            new XElement(Ns + "attestId", m.AttestId.ToString("D")),
            new XElement(Ns + "attestVersion", m.Version),
            new XElement(Ns + "declarationType", DeclarationType(m.Kind)),
            new XElement(Ns + "declaringEmployerKbo", kbo),
            unit is null ? null : new XElement(Ns + "establishmentUnit", unit),
            new XElement(Ns + "workerInsz", a.Participant.Insz.Value),
            new XElement(Ns + "workerType", "DWD"),
            new XElement(Ns + "startDate", a.Activity.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            // An open-ended activity (contract v2) has no end date to declare yet.
            m.EndDate is { } end ? new XElement(Ns + "endDate", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) : null);
        return new XDocument(root).ToString(SaveOptions.DisableFormatting);
    }
}
