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

    private static async Task<IResult> AcknowledgeAsync(string agency, HttpContext http, HttpRequest request, DecisionIntake intake, IntakeLimits limits, CancellationToken ct)
    {
        if (!intake.Knows(agency))
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

        var taken = await intake.TakeAsync(agency, request.ContentType ?? string.Empty, bytes, ct);
        if (taken is { Outcome: { } outcome, MessageId: { } id })
        {
            return TypedResults.Ok(new AckAnswer(id, outcome));
        }

        var status = taken.Code switch
        {
            "UNKNOWN_MESSAGE" => StatusCodes.Status404NotFound,
            "NOT_YOUR_DELIVERY" => StatusCodes.Status403Forbidden,
            "DECISION_CONFLICT" => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        return HubProblems.Single(status, taken.Code!, taken.Dutch, taken.English);
    }
}

/// <summary>The decision taken in: the message it is about, and whether it was applied, noted (informative) or a duplicate.</summary>
public sealed record AckAnswer(Guid MessageId, string Outcome);
