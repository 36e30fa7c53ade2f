using System.Security.Cryptography;
using System.Text;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Hosting;
using StatuutHub.Host.Problems;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Acks;

/// <summary><c>POST /api/v1/acks/{agency}</c>: an agency posts its decision about one message, in its own
/// format (read by its adapter), authenticated with its shared secret in <c>X-Agency-Key</c>.
/// Unknown and duplicate acks are answered idempotently and recorded.</summary>
public static class AckApi
{
    public static void MapAckApi(this IEndpointRouteBuilder app) => app.MapPost("/api/v1/acks/{agency}", AcknowledgeAsync);

    private static async Task<IResult> AcknowledgeAsync(string agency, HttpRequest request, IEnumerable<IDestinationAdapter> adapters, IHubStore store, TimeProvider time, IServiceProvider services, ILoggerFactory loggers, CancellationToken ct)
    {
        var adapter = adapters.FirstOrDefault(a => Destination.KindName(a.Kind) == agency);
        if (adapter is null)
        {
            return HubProblems.Single(StatusCodes.Status404NotFound, "UNKNOWN_AGENCY", $"Onbekende instantie '{agency}'.", $"Unknown agency '{agency}'.");
        }

        var expected = Encoding.UTF8.GetBytes(services.DestinationOptionsFor(adapter.Kind).AckSecret);
        var presented = Encoding.UTF8.GetBytes(request.Headers["X-Agency-Key"].ToString());
        if (!CryptographicOperations.FixedTimeEquals(expected, presented))
        {
            return HubProblems.Single(StatusCodes.Status401Unauthorized, "AGENCY_NOT_AUTHENTICATED",
                "Ontbrekende of verkeerde X-Agency-Key.", "Missing or wrong X-Agency-Key.");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        AgencyDecision decision;
        try
        {
            decision = adapter.ParseDecision(request.ContentType ?? string.Empty, body);
        }
        catch (FormatException ex)
        {
            return HubProblems.Single(StatusCodes.Status400BadRequest, "ACK_UNREADABLE", "De beslissing kon niet gelezen worden.", ex.Message);
        }

        var outcome = await store.ApplyAckAsync(new AgencyAck(adapter.Kind, decision.MessageId, decision.Approved, decision.ReasonCode, decision.Reason, decision.Reference, time.GetUtcNow()), ct);
        var logger = loggers.CreateLogger("StatuutHub.Acks");
        logger.LogInformation("Ack from {Agency} for message {MessageId}: {Decision} → {Outcome}", agency, decision.MessageId, decision.Approved ? "approved" : "refused", outcome);
        return outcome switch
        {
            AckOutcome.Applied => Results.Ok(new { messageId = decision.MessageId, outcome = "applied" }),
            AckOutcome.Duplicate => Results.Ok(new { messageId = decision.MessageId, outcome = "duplicate" }),
            AckOutcome.UnknownMessage => HubProblems.Single(StatusCodes.Status404NotFound, "UNKNOWN_MESSAGE",
                $"Geen bericht met id {decision.MessageId}.", $"No message with id {decision.MessageId}."),
            AckOutcome.WrongAgency => HubProblems.Single(StatusCodes.Status403Forbidden, "NOT_YOUR_DELIVERY",
                "Dit bericht is niet aan deze instantie gericht.", "This message was not addressed to this agency."),
            _ => HubProblems.Single(StatusCodes.Status409Conflict, "DECISION_CONFLICT",
                "Voor dit bericht is al een andere beslissing geregistreerd.", "A different decision was already recorded for this message."),
        };
    }
}
