using Microsoft.Extensions.Logging;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Rules;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Application.Acks;

/// <summary>The apply-decision use case: an agency's decision about one message, from whichever channel
/// brought it (the ack endpoint today). Idempotent: the same decision twice is a duplicate, a different
/// one a conflict; both are recorded.</summary>
public sealed class AgencyDecisions(IDecisionStore store, RuleTables tables, ILogger<AgencyDecisions> logger)
{
    /// <summary>Applies the decision and says what it did.</summary>
    public async Task<AckOutcome> ApplyAsync(AgencyAck ack, CancellationToken ct)
    {
        var outcome = await store.ApplyDecisionAsync(ack, target => Decide(ack, target, tables.Routing), ct);
        logger.LogInformation("Ack from {Agency} for message {MessageId}: {Decision} → {Outcome}",
            Destination.KindName(ack.Agency), ack.MessageId, ack.Interim ? "interim" : ack.Approved ? "approved" : "refused", outcome);
        return outcome;
    }

    /// <summary>What a decision does to the delivery it names: only the delivery's own agency may decide; a
    /// final delivery takes the same decision again as a duplicate and another as a conflict; otherwise the
    /// state machine moves it to Acknowledged or Rejected. An approval of a permission that expires before the activity
    /// ends plans its renewal (<see cref="RenewalPlanner"/>): before the last day the body gave, or else the rules' validity
    /// counted from the Belgian day of the approval.</summary>
    public static DecisionEffect Decide(AgencyAck ack, DeliveryTarget target, RoutingTable? routing = null)
    {
        if (!Destination.TryParse(target.Destination, out var destination) || destination.Kind != ack.Agency)
        {
            return new DecisionEffect(AckOutcome.WrongAgency);
        }

        // A person in the inbox decided on what they read: an amendment or a cancellation since then voids it.
        if (ack.SeenVersion is { } seen && !DeliveryStateMachine.IsFinal(target.State)
            && (target.CurrentVersion != seen || (target.AttestCancelled && target.Kind != MessageKind.Cancel)))
        {
            return new DecisionEffect(AckOutcome.Outdated);
        }

        if (ack.Interim)
        {
            // "Still waiting" says nothing new once the real decision is in, and cannot come before the message went.
            return target.State is DeliveryState.Sent or DeliveryState.Overdue
                ? new DecisionEffect(AckOutcome.Noted, null, new AuditEntry("DecisionPending", $"{destination.Id}: {PersonalText.Scrub(ack.Reason, target.Person) ?? "nog geen beslissing"}"))
                : new DecisionEffect(DeliveryStateMachine.IsFinal(target.State) ? AckOutcome.Duplicate : AckOutcome.Conflict);
        }

        if (DeliveryStateMachine.IsFinal(target.State))
        {
            return new DecisionEffect((target.State == DeliveryState.Acknowledged) == ack.Approved ? AckOutcome.Duplicate : AckOutcome.Conflict);
        }

        if (!DeliveryStateMachine.TryApply(target.State, ack.Approved ? DeliveryEvent.Approved : DeliveryEvent.Refused, out var to))
        {
            return new DecisionEffect(AckOutcome.Conflict);
        }

        // The audit trail is kept for good: the agency's reason is written into it without the person it may quote.
        var reason = PersonalText.Scrub(ack.Reason, target.Person);
        var audit = ack.Approved
            ? new AuditEntry("DecisionApproved", $"goedgekeurd door {destination.Id}{(ack.Reference is null ? string.Empty : $" (ref {ack.Reference})")}"
                + (ack.ValidUntil is { } until ? $", geldig tot en met {until:yyyy-MM-dd}" : string.Empty)
                + (ack.ReasonCode is null ? string.Empty : $", met {ack.ReasonCode}: {reason}"))
            : new AuditEntry("DecisionRefused", $"geweigerd door {destination.Id}: {ack.ReasonCode} {reason}");
        var renewal = ack.Approved && routing is not null && target.Kind is MessageKind.Create or MessageKind.Amend or MessageKind.Renew
            ? RenewalPlanner.Next(destination.Kind, BelgianTime.DayOf(ack.At), target.ActivityEnd, routing, ack.ValidUntil)
            : null;
        return new DecisionEffect(AckOutcome.Applied, to, audit, renewal);
    }
}
