using System.Xml;
using System.Xml.Linq;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Dimona;

/// <summary>The Dimona-style declaration: synchronous, answers at once with a declaration id or refusal codes.</summary>
public sealed class DimonaAdapter(HttpClient http) : IDestinationAdapter
{
    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Dimona;

    /// <inheritdoc />
    public async Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var answer = await AgencyHttp.PostAsync(http, new Uri("dimona/declarations", UriKind.Relative), DimonaMessageMapper.Map(message), "application/xml", message.MessageId, ct);
        try
        {
            using var reader = XmlReader.Create(new StringReader(answer), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000 });
            var root = XDocument.Load(reader).Root ?? throw new FormatException("empty answer");
            string? Text(string name) => root.Element(DimonaMessageMapper.Ns + name)?.Value;
            return Text("status") switch
            {
                "ACCEPTED" => AgencyAnswer.Accepted(Text("declarationId") ?? throw new FormatException("declarationId missing")),
                "REFUSED" => AgencyAnswer.Refused(Text("refusalCode") ?? "UNSPECIFIED", Text("refusalReason")),
                var other => throw new FormatException($"unknown status '{other}'"),
            };
        }
        catch (Exception ex) when (ex is XmlException or FormatException)
        {
            throw new DeliveryFailedException($"unreadable Dimona answer: {ex.Message}", transient: true, ex);
        }
    }

    /// <inheritdoc />
    public AgencyDecision ParseDecision(string contentType, string body) =>
        throw new FormatException("Dimona answers synchronously; it posts no decisions.");
}
