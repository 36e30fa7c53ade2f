using StatuutHub.Domain.Attests;

namespace StatuutHub.Domain.Routing;

/// <summary>Decides who must know about an attest. Pure: the same attest gives the same plan.</summary>
/// <remarks>
/// Benefits → destinations (docs/domain.md): UNEMPLOYMENT → RVA; INCAPACITY → the mutualiteit of the
/// participant's landsbond; SOCIAL_INTEGRATION → the OCMW of the residence municipality;
/// always → the Dimona-style declaration. DISABILITY_ALLOWANCE needs nobody's agreement: no message, no gap.
/// </remarks>
public static class Router
{
    // A gap is a body that must agree but cannot be reached yet. Disability allowances (and the groeipakket)
    // need nobody's agreement for AMA (docs/domain.md): no message and no gap, so none is left today.
    private static readonly RoutingGap[] NoGaps = [];

    /// <summary>The destinations that must receive a new attest.</summary>
    public static RoutingPlan Plan(Attest attest)
    {
        var messages = RequiredDestinations(attest)
            .Select(d => new PlannedMessage(d.Destination, MessageKind.Create, d.Reason))
            .ToArray();
        return new RoutingPlan(messages, NoGaps);
    }

    /// <summary>The messages a new version causes, given the destinations that already received
    /// earlier versions: they get the change; a destination that is new gets a create; one that
    /// is no longer needed gets a cancel.</summary>
    public static RoutingPlan PlanChange(IReadOnlyCollection<Destination> alreadyInformed, AttestVersion version)
    {
        ArgumentNullException.ThrowIfNull(alreadyInformed);
        if (version.Change == AttestChange.Submitted)
        {
            return Plan(version.Content);
        }

        var required = RequiredDestinations(version.Content).ToArray();
        var messages = new List<PlannedMessage>();
        if (version.Change == AttestChange.Cancelled)
        {
            messages.AddRange(alreadyInformed.Select(d => new PlannedMessage(d, MessageKind.Cancel, "attest ingetrokken")));
            return new RoutingPlan(messages, []);
        }

        var changeKind = version.Change == AttestChange.EndedEarly ? MessageKind.End : MessageKind.Amend;
        foreach (var (destination, reason) in required)
        {
            messages.Add(alreadyInformed.Contains(destination)
                ? new PlannedMessage(destination, changeKind, reason)
                : new PlannedMessage(destination, MessageKind.Create, reason));
        }

        foreach (var dropped in alreadyInformed.Where(d => required.All(r => r.Destination != d)))
        {
            messages.Add(new PlannedMessage(dropped, MessageKind.Cancel, "niet langer bevoegd na wijziging"));
        }

        return new RoutingPlan(messages, NoGaps);
    }

    private static IEnumerable<(Destination Destination, string Reason)> RequiredDestinations(Attest attest)
    {
        var benefits = attest.Benefits;
        if (benefits.HasFlag(Benefits.Unemployment))
        {
            yield return (Destination.Rva, "werkloosheidsuitkering (UNEMPLOYMENT)");
        }

        if (benefits.HasFlag(Benefits.Incapacity))
        {
            // The validator requires a landsbond with INCAPACITY; an attest without one cannot be built valid.
            var landsbond = attest.Participant.EffectiveLandsbond
                ?? throw new InvalidOperationException("INCAPACITY requires the participant's landsbond.");
            yield return (Destination.Mutualiteit(landsbond), $"arbeidsongeschiktheid (INCAPACITY), landsbond {landsbond.Code}");
        }

        if (benefits.HasFlag(Benefits.SocialIntegration))
        {
            var ocmw = attest.Participant.EffectiveOcmw;
            yield return (Destination.Ocmw(ocmw), attest.Participant.CompetentOcmw is null
                ? $"leefloon (SOCIAL_INTEGRATION), gemeente {ocmw}"
                : $"leefloon (SOCIAL_INTEGRATION), bevoegd OCMW {ocmw} (opgegeven)");
        }

        yield return (Destination.Dimona, "Dimona-aangifte van de periode (altijd)");
    }

}
