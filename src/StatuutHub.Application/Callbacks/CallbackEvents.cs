using System.Text.Json;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Callbacks;

/// <summary>Which changes an initiative hears of, and what each event says (contract: docs/callbacks.md). Every event carries the
/// attest's status when it was prepared; an attest that becomes Recognised or Refused gets one event of its own for that.</summary>
public static class CallbackEvents
{
    /// <summary>The event types, as documented.</summary>
    public static readonly IReadOnlyList<string> Types =
    [
        "attest.submitted", "attest.amended", "attest.ended-early", "attest.cancelled", "attest.recognised", "attest.refused",
        "delivery.decided", "delivery.overdue", "delivery.failed", "renewal.planned", "renewal.requested",
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The events for one attest's changes in one collection.</summary>
    public static IReadOnlyList<CallbackEventDraft> Compose(ObservedChanges changes)
    {
        var drafts = new List<CallbackEventDraft>();
        foreach (var change in changes.Changes)
        {
            if (TypeOf(change) is { } type)
            {
                drafts.Add(Draft(changes, change, type, Decision(change), announces: null));
            }
        }

        if (changes.StatusNow != changes.LastAnnounced)
        {
            var last = changes.Changes[^1];
            if (changes.StatusNow is AttestStatus.Recognised or AttestStatus.Refused)
            {
                var type = changes.StatusNow == AttestStatus.Recognised ? "attest.recognised" : "attest.refused";
                drafts.Add(Draft(changes, last with { Destination = null }, type, decision: null, changes.StatusNow));
            }
            else if (drafts.Count > 0)
            {
                // Back in progress (amended) or cancelled: remembered, so a later recognition is announced again.
                drafts[^1] = drafts[^1] with { Announces = changes.StatusNow };
            }
        }

        return drafts;
    }

    /// <summary>The event type of an audit event, or null for changes an initiative does not hear of (attempts, retries, chains).</summary>
    public static string? TypeOf(ObservedChange change) => change.Kind switch
    {
        "AttestSubmitted" => "attest.submitted",
        "AttestAmended" => "attest.amended",
        "AttestEndedEarly" => "attest.ended-early",
        "AttestCancelled" => "attest.cancelled",
        "DecisionApproved" or "DecisionRefused" or "DeliveryAcknowledged" or "DeliveryRejected" => "delivery.decided",
        "DeliveryOverdue" => "delivery.overdue",
        "DeliveryDeadLettered" => "delivery.failed",
        "RenewalPlanned" => "renewal.planned",
        "DeliverySent" when change.MessageKind == MessageKind.Renew => "renewal.requested",
        _ => null,
    };

    private static string? Decision(ObservedChange change) => change.Kind switch
    {
        "DecisionApproved" or "DeliveryAcknowledged" => "approved",
        "DecisionRefused" or "DeliveryRejected" => "refused",
        _ => null,
    };

    private static CallbackEventDraft Draft(ObservedChanges changes, ObservedChange change, string type, string? decision, AttestStatus? announces)
    {
        var id = Guid.NewGuid();
        var body = JsonSerializer.Serialize(new
        {
            id,
            type,
            occurredAt = change.At,
            initiative = changes.InitiativeKbo,
            attest = new { id = changes.AttestId, version = changes.CurrentVersion, status = changes.StatusNow.ToString(), statusUrl = $"/api/v1/attests/{changes.AttestId:D}" },
            destination = change.Destination,
            decision,
            detail = change.Detail,
        }, Json);
        return new CallbackEventDraft(id, type, change.Seq, body, announces);
    }
}
