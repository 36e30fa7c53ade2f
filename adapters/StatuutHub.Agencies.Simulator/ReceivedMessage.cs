using System.Text.Json;
using System.Xml.Linq;
using StatuutHub.Domain.Routing;
using StatuutHub.Agencies.Simulator.Contracts;

namespace StatuutHub.Agencies.Simulator;

/// <summary>The results the simulated RSZ gives a Dimona declaration, after its decision delay.</summary>
public enum DimonaOutcome
{
    /// <summary>ACCEPTED, with a declaration id.</summary>
    Accepted,

    /// <summary>ACCEPTED_WITH_ANOMALIES: accepted, with anomalies the employer must look at.</summary>
    AcceptedWithAnomalies,

    /// <summary>REFUSED.</summary>
    Refused,

    /// <summary>WAITING first, then ACCEPTED after another decision delay.</summary>
    WaitingThenAccepted,
}

/// <summary>What an agency can do wrong.</summary>
public enum FaultKind
{
    /// <summary>500.</summary>
    ServerError,

    /// <summary>Answers only after 5 s (longer than a test's attempt timeout).</summary>
    Timeout,

    /// <summary>200 with an unreadable body.</summary>
    Malformed,

    /// <summary>400: the agency refuses the message itself (permanent).</summary>
    BadRequest,
}

/// <summary>A message the agency accepted.</summary>
public sealed record ReceivedMessage(DestinationKind Agency, Guid MessageId, Guid AttestId, int Version, string Action, string Path, string Body, string? Reference)
{
    /// <summary>Order of first arrival at this agency (1, 2, ...).</summary>
    public long Arrival { get; init; }

    internal static ReceivedMessage Read(DestinationKind kind, string body, string path)
    {
        if (DestinationMessageSchemas.FormatOf(kind) == StatuutHub.Validation.DocumentFormat.Json)
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            return new ReceivedMessage(kind, root.GetProperty("messageId").GetGuid(), root.GetProperty("attestId").GetGuid(),
                root.GetProperty("attestVersion").GetInt32(), root.GetProperty("action").GetString()!, path, body, null);
        }

        var xml = XElement.Parse(body);
        XNamespace ns = DestinationMessageSchemas.XmlNamespaceOf(kind);
        var action = xml.Element(ns + "action")?.Value ?? xml.Element(ns + "declarationType")!.Value;
        return new ReceivedMessage(kind, Guid.Parse(xml.Element(ns + "messageId")!.Value), Guid.Parse(xml.Element(ns + "attestId")!.Value),
            int.Parse(xml.Element(ns + "attestVersion")!.Value, System.Globalization.CultureInfo.InvariantCulture), action, path, body, null);
    }
}
