using System.Xml;
using System.Xml.Linq;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Rva;

/// <summary>The RVA: XML notification, XML receipt now, XML decision later on the ack endpoint.</summary>
public sealed class RvaAdapter(HttpClient http) : IDestinationAdapter
{
    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Rva;

    /// <inheritdoc />
    public AgencyRequest Compose(OutboundMessage message) => new("rva/ama-notifications", RvaMessageMapper.Map(message), "application/xml");

    /// <inheritdoc />
    public async Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var answer = await AgencyHttp.PostAsync(http, Compose(message), message.MessageId, ct);
        try
        {
            var receipt = Parse(answer).Element(RvaMessageMapper.Ns + "receiptId")?.Value ?? throw new FormatException("receiptId missing");
            return AgencyAnswer.Receipt(receipt);
        }
        catch (Exception ex) when (ex is XmlException or FormatException)
        {
            throw new DeliveryFailedException($"unreadable RVA receipt: {ex.Message}", transient: true, ex);
        }
    }

    /// <inheritdoc />
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) =>
        AgencyHttp.QueryDecisionAsync(http, messageId, ParseDecision, ct);

    /// <inheritdoc />
    public AgencyDecision ParseDecision(string contentType, string body)
    {
        try
        {
            var root = Parse(body);
            if (root.Name != RvaMessageMapper.Ns + "amaDecision")
            {
                throw new FormatException("Expected an amaDecision.");
            }

            string? Text(string name) => root.Element(RvaMessageMapper.Ns + name)?.Value;
            var approved = Text("decision") switch
            {
                "APPROVED" => true,
                "REFUSED" => false,
                var other => throw new FormatException($"Unknown decision '{other}'."),
            };
            return new AgencyDecision(Guid.Parse(Text("messageId") ?? throw new FormatException("messageId missing")), approved, Text("reasonCode"), Text("reason"), Text("reference"));
        }
        catch (XmlException ex)
        {
            throw new FormatException($"Not a decision: {ex.Message}", ex);
        }
    }

    private static XElement Parse(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000 });
        return XDocument.Load(reader).Root ?? throw new FormatException("empty document");
    }
}
