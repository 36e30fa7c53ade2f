using System.Text;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Application.Acks;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Intake;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation;

namespace StatuutHub.Host.Acks;

/// <summary><c>POST /api/v1/acks/{agency}</c>: an agency posts its decision about one message, in its own
/// format (read by its adapter), authenticated with its own key (<c>X-Agency-Key</c> or <c>Authorization: Bearer</c>)
/// or client certificate; an agency acknowledges only on its own path and only its own deliveries.
/// Unknown and duplicate acks are answered idempotently and recorded (<see cref="AgencyDecisions"/>).</summary>
public static class AckApi
{
    public static void MapAckApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/v1/acks/{agency}", AcknowledgeAsync).RequireAuthorization(HubPolicies.Agency)
            .AcceptsRaw("The decision in the agency's own contract (schemas/destinations): JSON for mutualiteit, OCMW and VDAB, XML for the RVA and Dimona.", "application/json", "application/xml")
            .Described("Agencies", "De beslissing van een instantie, in haar eigen formaat / An agency's decision, in its own format", 400, 404, 409, 413)
            .Produces<AckAnswer>(StatusCodes.Status200OK);

    private static async Task<IResult> AcknowledgeAsync(string agency, HttpContext http, HttpRequest request, DestinationAdapters adapters, AgencyDecisions decisions, TimeProvider time, IntakeLimits limits, CancellationToken ct)
    {
        var adapter = adapters.Find(agency);
        if (adapter is null)
        {
            return HubProblems.Single(StatusCodes.Status404NotFound, "UNKNOWN_AGENCY", $"Onbekende instantie '{agency}'.", $"Unknown agency '{agency}'.");
        }

        if (http.Caller().Name != agency)
        {
            return HubProblems.Single(StatusCodes.Status403Forbidden, "NOT_YOUR_AGENCY",
                "Deze sleutel hoort bij een andere instantie.", "This credential belongs to another agency.");
        }

        var (bytes, tooLarge) = await RequestBody.ReadCappedAsync(request, limits, ct);
        if (tooLarge)
        {
            return RequestBody.TooLarge(limits);
        }

        string body;
        try
        {
            body = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            return HubProblems.Single(StatusCodes.Status400BadRequest, "ACK_UNREADABLE", "De beslissing is geen geldige UTF-8.", "The decision is not valid UTF-8.");
        }

        AgencyDecision decision;
        try
        {
            decision = adapter.ParseDecision(request.ContentType ?? string.Empty, body);
        }
        catch (FormatException ex)
        {
            return HubProblems.Single(StatusCodes.Status400BadRequest, "ACK_UNREADABLE", "De beslissing kon niet gelezen worden.", ex.Message);
        }

        var outcome = await decisions.ApplyAsync(decision.ToAck(adapter.Kind, time.GetUtcNow()), ct);
        return outcome switch
        {
            AckOutcome.Applied => TypedResults.Ok(new AckAnswer(decision.MessageId, "applied")),
            AckOutcome.Noted => TypedResults.Ok(new AckAnswer(decision.MessageId, "noted")),
            AckOutcome.Duplicate => TypedResults.Ok(new AckAnswer(decision.MessageId, "duplicate")),
            AckOutcome.UnknownMessage => HubProblems.Single(StatusCodes.Status404NotFound, "UNKNOWN_MESSAGE",
                $"Geen bericht met id {decision.MessageId}.", $"No message with id {decision.MessageId}."),
            AckOutcome.WrongAgency => HubProblems.Single(StatusCodes.Status403Forbidden, "NOT_YOUR_DELIVERY",
                "Dit bericht is niet aan deze instantie gericht.", "This message was not addressed to this agency."),
            _ => HubProblems.Single(StatusCodes.Status409Conflict, "DECISION_CONFLICT",
                "Voor dit bericht is al een andere beslissing geregistreerd.", "A different decision was already recorded for this message."),
        };
    }
}

/// <summary>The decision taken in: the message it is about, and whether it was applied, noted (informative) or a duplicate.</summary>
public sealed record AckAnswer(Guid MessageId, string Outcome);
