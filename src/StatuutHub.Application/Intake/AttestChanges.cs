using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Rules;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Application.Intake;

/// <summary>What a submission or a change writes, decided with the domain's pure functions: the routing plan,
/// whether a change is a new version at all, and the audit text. No I/O: the store calls these inside its transaction.</summary>
public static class AttestChanges
{
    /// <summary>A new attest with its routing plan, the warnings it was accepted with, and the rule for the person's other attests.</summary>
    public static AttestSubmission Submission(Attest attest, RoutingTable routing, string actor, DateTimeOffset at, IReadOnlyList<AttestWarning> warnings, ConcurrencyCheck admit)
    {
        var plan = Router.Plan(attest, routing);
        return new AttestSubmission(attest, plan, AuditDetail(1, plan), actor, at, warnings, admit) { LastDay = routing.LastDayOf(attest) };
    }

    /// <summary>The conflict of a change made to a version that is no longer current.</summary>
    public const string StaleVersion = "STALE_VERSION";

    /// <summary>The conflict of an amendment that names another person: an attest belongs to one participant for good.</summary>
    public const string ParticipantChanged = "PARTICIPANT_CHANGED";

    /// <summary>The rule for one person's attests at the same time (<see cref="ConcurrentAttests"/>) over <paramref name="tables"/>.</summary>
    public static ConcurrencyCheck ConcurrencyRule(RuleTables tables) => (candidate, others) => ConcurrentAttests.Check(candidate, others, tables);

    /// <summary>What <paramref name="change"/> (with <paramref name="content"/>, or the current content for a
    /// cancellation) does to the attest as it stands: nothing on a cancelled attest, nothing when the content is
    /// unchanged, otherwise a new version whose messages go to the destinations that hold the attest.</summary>
    public static ChangeDecision Decide(AttestSnapshot current, AttestChange change, Attest? content, RoutingTable routing, string actor, DateTimeOffset at, IReadOnlyList<AttestWarning> warnings, ConcurrencyCheck admit, int? expectedVersion = null)
    {
        if (change == AttestChange.Submitted)
        {
            throw new ArgumentException("A change cannot be a submission; submit a new attest instead.", nameof(change));
        }

        if (expectedVersion is { } expected && expected != current.CurrentVersion)
        {
            // Decided inside the store's transaction: two people who read the same version cannot both change it.
            return new ChangeDecision.Answer(new WriteResult(WriteOutcome.Conflict, current.AttestId, current.CurrentVersion,
                current.Cancelled ? AttestStatus.Cancelled : DeliveryFacts.StatusOf(false, current.Deliveries), StaleVersion));
        }

        if (current.Cancelled)
        {
            return new ChangeDecision.Answer(change == AttestChange.Cancelled
                ? new WriteResult(WriteOutcome.AlreadyAccepted, current.AttestId, current.CurrentVersion, AttestStatus.Cancelled)
                : new WriteResult(WriteOutcome.Conflict, current.AttestId, current.CurrentVersion, AttestStatus.Cancelled, "ATTEST_CANCELLED"));
        }

        // One person per attest: every look-up (overlaps, hours, allowances, staff search, the participant's page) is by the
        // person the attest was submitted for, so another person is refused; the initiative cancels and submits anew.
        if (change != AttestChange.Cancelled && content is not null && content.Participant.Insz != current.Content.Participant.Insz)
        {
            return new ChangeDecision.Answer(new WriteResult(WriteOutcome.Conflict, current.AttestId, current.CurrentVersion,
                DeliveryFacts.StatusOf(false, current.Deliveries), ParticipantChanged));
        }

        var next = content ?? current.Content;
        var hash = CanonicalAttestJson.Hash(next);
        if (change != AttestChange.Cancelled && hash == current.CurrentHash)
        {
            return new ChangeDecision.Answer(new WriteResult(WriteOutcome.AlreadyAccepted, current.AttestId, current.CurrentVersion,
                DeliveryFacts.StatusOf(false, current.Deliveries)));
        }

        var version = new AttestVersion(current.AttestId, current.CurrentVersion + 1, change, next, at);
        var plan = Router.PlanChange(DeliveryFacts.InformedDestinations(current.Deliveries), version, routing);
        return new ChangeDecision.NewVersion(version, hash, plan, AuditDetail(version.Version, plan), actor, warnings, admit) { LastDay = routing.LastDayOf(next) };
    }

    /// <summary>The audit line of a version: which message goes where, and which benefit no body is told about.</summary>
    public static string AuditDetail(int version, RoutingPlan plan) =>
        $"versie {version}: {string.Join(", ", plan.Messages.Select(m => $"{m.Kind} → {m.Destination.Id}" + (m.WaitsOn is { } first ? $" (na {first.Id})" : string.Empty)))}"
        + (plan.Gaps.Count > 0 ? $"; niet gemeld: {string.Join(", ", plan.Gaps.Select(g => g.Body))}" : string.Empty);
}
