using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Dimona;

/// <summary>The RSZ's Dimona, as it is: the declaration gets a receipt (a ticket) at once and its result later, posted to
/// the hub: accepted, accepted with anomalies, refused, or still waiting (an interim answer that decides nothing).</summary>
public sealed class DimonaAdapter(HttpClient http, IOptions<DimonaOptions> options) : IDestinationAdapter
{
    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Dimona;

    /// <inheritdoc />
    public AgencyRequest Compose(OutboundMessage message) => new("dimona/declarations", DimonaMessageMapper.Map(message, options.Value), "application/xml");

    /// <inheritdoc />
    public async Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var answer = await AgencyHttp.PostAsync(http, Compose(message), message.MessageId, ct);
        try
        {
            var root = Parse(answer);
            if (root.Name != DimonaMessageMapper.Ns + "dimonaReceipt")
            {
                throw new FormatException($"expected a dimonaReceipt, got {root.Name.LocalName}");
            }

            return AgencyAnswer.Receipt(root.Element(DimonaMessageMapper.Ns + "ticket")?.Value ?? throw new FormatException("ticket missing"));
        }
        catch (Exception ex) when (ex is XmlException or FormatException)
        {
            throw new DeliveryFailedException($"unreadable Dimona receipt: {ex.Message}", transient: true, ex);
        }
    }

    /// <inheritdoc />
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) =>
        AgencyHttp.QueryDecisionAsync(http, messageId, ParseDecision, ct);

    /// <inheritdoc />
    /// <remarks>ACCEPTED_WITH_ANOMALIES is an approval whose reason code says so and whose reason lists the anomalies,
    /// so the initiative and the support desk see them; WAITING is interim: recorded, the delivery stays Sent.</remarks>
    public AgencyDecision ParseDecision(string contentType, string body)
    {
        XElement root;
        try
        {
            root = Parse(body);
        }
        catch (XmlException ex)
        {
            throw new FormatException($"Not a Dimona result: {ex.Message}", ex);
        }

        if (root.Name != DimonaMessageMapper.Ns + "dimonaResult")
        {
            throw new FormatException("Expected a dimonaResult.");
        }

        string? Text(string name) => root.Element(DimonaMessageMapper.Ns + name)?.Value;
        var messageId = Guid.TryParse(Text("messageId"), out var id) ? id : throw new FormatException("messageId missing");
        var anomalies = root.Elements(DimonaMessageMapper.Ns + "anomaly")
            .Select(a => $"{a.Element(DimonaMessageMapper.Ns + "code")?.Value}: {a.Element(DimonaMessageMapper.Ns + "description")?.Value}").ToArray();
        return Text("result") switch
        {
            "ACCEPTED" => new AgencyDecision(messageId, true, null, null, Text("declarationId")),
            "ACCEPTED_WITH_ANOMALIES" => new AgencyDecision(messageId, true, DimonaResults.Anomalies, string.Join("; ", anomalies), Text("declarationId")),
            "REFUSED" => new AgencyDecision(messageId, false, Text("refusalCode") ?? "UNSPECIFIED", Text("refusalReason"), null),
            "WAITING" => new AgencyDecision(messageId, true, DimonaResults.Waiting, "nog in behandeling bij de RSZ", null) { Interim = true },
            var other => throw new FormatException($"Unknown Dimona result '{other}'."),
        };
    }

    private static XElement Parse(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000 });
        return XDocument.Load(reader).Root ?? throw new FormatException("empty document");
    }
}

/// <summary>The reason codes the hub gives Dimona's non-plain results.</summary>
public static class DimonaResults
{
    /// <summary>Accepted, with anomalies the declaring employer must look at.</summary>
    public const string Anomalies = "DIMONA_ANOMALIES";

    /// <summary>Still being processed by the RSZ.</summary>
    public const string Waiting = "DIMONA_WAITING";
}
