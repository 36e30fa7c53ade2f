using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Calendar;

namespace StatuutHub.Domain.Routing;

/// <summary>Decides who must know about an attest: a pure function of the attest and the routing table in force
/// on its start date (rules data, docs/domain.md "Routing"). The same attest and table give the same plan.</summary>
/// <remarks>
/// Each route row names a benefit (or a framework, or a registered job seeker) and a body: VDAB for every AMA WSE attest; the
/// regional employment service of the residence's region (VDAB has an adapter; Actiris, Forem and ADG are shown as gaps), the
/// RVA informed after that service's permission (the message waits for it and carries its reference), the mutualiteit of the
/// landsbond, the competent OCMW, Dimona always, nobody for a disability allowance. A body asked for two reasons gets one
/// message naming both. A permission the attest already holds and that is still valid (for the adviser: given for the same
/// activity) spares its request.
/// </remarks>
public static class Router
{
    // The body's name when the residence's region (or its service) is not known.
    private const string RegionalService = "gewestelijke dienst voor arbeidsbemiddeling";

    /// <summary>The destinations that must receive a new attest.</summary>
    public static RoutingPlan Plan(Attest attest, RoutingTable table)
    {
        var route = Route(attest, table);
        var messages = route.Required.Select(r => new PlannedMessage(r.Destination, MessageKind.Create, r.Reason, r.WaitsOn)).ToArray();
        return new RoutingPlan(messages, route.Gaps) { Spared = route.Spared };
    }

    /// <summary>The messages a new version causes, given the destinations that already received
    /// earlier versions: they get the change; a destination that is new gets a create; one that is no longer
    /// needed gets an end the day before the change (a cancel when the activity had not started yet), first.</summary>
    public static RoutingPlan PlanChange(IReadOnlyCollection<Destination> alreadyInformed, AttestVersion version, RoutingTable table)
    {
        ArgumentNullException.ThrowIfNull(alreadyInformed);
        if (version.Change == AttestChange.Submitted)
        {
            return Plan(version.Content, table);
        }

        var messages = new List<PlannedMessage>();
        if (version.Change == AttestChange.Cancelled)
        {
            messages.AddRange(alreadyInformed.Select(d => new PlannedMessage(d, MessageKind.Cancel, "attest ingetrokken")));
            return new RoutingPlan(messages, []);
        }

        var route = Route(version.Content, table);
        var changeKind = version.Change == AttestChange.EndedEarly ? MessageKind.End : MessageKind.Amend;
        foreach (var (destination, reason, waitsOn) in route.Required)
        {
            messages.Add(alreadyInformed.Contains(destination)
                ? new PlannedMessage(destination, changeKind, reason, waitsOn)
                : new PlannedMessage(destination, MessageKind.Create,
                    version.Content.BenefitsFrom is { } from ? $"{reason}; vanaf {from:yyyy-MM-dd}" : reason, waitsOn));
        }

        // A body no longer concerned (the benefit changed, e.g. unemployment → leefloon) keeps the permission for the days
        // already worked: its route ends the day before the change, first, before the new routes start. The change is the day
        // the attest gives (benefitsFrom, contract v2), else the day the amendment arrives. Before the activity started
        // there is nothing to end, so it is withdrawn.
        var endsOn = (version.Content.BenefitsFrom ?? BelgianTime.DayOf(version.RecordedAt)).AddDays(-1);
        var ends = alreadyInformed.Where(d => route.Required.All(r => r.Destination != d))
            .Select(dropped => endsOn >= version.Content.Activity.StartDate
                ? new PlannedMessage(dropped, MessageKind.End, $"niet langer bevoegd na wijziging: de route eindigt op {endsOn:yyyy-MM-dd}") { EndsOn = endsOn }
                : new PlannedMessage(dropped, MessageKind.Cancel, "niet langer bevoegd na wijziging, voor de start"));
        return new RoutingPlan([.. ends, .. messages], route.Gaps) { Spared = route.Spared };
    }

    private static RouteOutcome Route(Attest attest, RoutingTable table)
    {
        var start = attest.Activity.StartDate;
        var outcome = new RouteOutcome();
        foreach (var rule in table.RoutesOn(start))
        {
            if ((rule.When is { } benefit && !attest.Benefits.HasFlag(benefit)) || (rule.Kind is { } kind && kind != attest.Kind)
                || (rule.JobSeeker && !attest.Participant.RegisteredJobSeeker))
            {
                continue;
            }

            var target = Target(attest, table, rule);
            Destination? waitsOn = null;
            if (target is RouteResult.Planned && rule.After is { } after)
            {
                switch (outcome.Results.GetValueOrDefault(after))
                {
                    case RouteResult.Planned first:
                        waitsOn = first.Destination;
                        break;
                    case RouteResult.Gap gap:
                        target = new RouteResult.Gap(rule.When ?? Benefits.None, Name(rule.To),
                            $"{rule.Why}: wordt pas ingelicht met de toestemming van {gap.Body}; voeg die toe aan het attest (permissionsHeld)");
                        break;
                }
            }

            outcome.Results[rule.To] = target;
            switch (target)
            {
                case RouteResult.Planned planned when outcome.Required.FindIndex(r => r.Destination == planned.Destination) is var i and >= 0:
                    // One body asked for two reasons (VDAB for AMA WSE and for the unemployment benefit): one message naming both.
                    outcome.Required[i] = outcome.Required[i] with { Reason = $"{outcome.Required[i].Reason}; {planned.Reason}" };
                    break;
                case RouteResult.Planned planned:
                    outcome.Required.Add((planned.Destination, planned.Reason, waitsOn));
                    break;
                case RouteResult.Gap gap:
                    outcome.Gaps.Add(new RoutingGap(gap.Benefit, gap.Body, gap.Reason));
                    break;
                case RouteResult.Held held when !outcome.Spared.Contains(held.Spared):
                    outcome.Spared.Add(held.Spared);
                    break;
            }
        }

        return outcome;
    }

    private static RouteResult Target(Attest attest, RoutingTable table, RouteRule rule)
    {
        var start = attest.Activity.StartDate;
        var participant = attest.Participant;
        switch (rule.To)
        {
            case RouteTarget.RegionalEmploymentService:
                var region = table.RegionOf(participant.ResidenceNis, start);
                var service = region is { } r ? table.ServiceOf(r, start) : null;
                if (Held(attest, table, PermissionBody.EmploymentService, service?.Name ?? RegionalService) is { } held)
                {
                    return held;
                }

                return service?.Destination is { } kind
                    ? new RouteResult.Planned(new Destination(kind, null), $"{rule.Why}: {service.Name}, woonplaats {participant.ResidenceNis}")
                    : new RouteResult.Gap(rule.When ?? Benefits.None, service?.Name ?? RegionalService,
                        $"{rule.Why}: de hub heeft geen koppeling met {service?.Name ?? "de dienst van woonplaats " + participant.ResidenceNis}; vraag de toestemming daar aan en voeg ze toe aan het attest (permissionsHeld)");
            case RouteTarget.Vdab:
                return Held(attest, table, PermissionBody.EmploymentService, "VDAB")
                    ?? new RouteResult.Planned(Destination.Vdab, rule.Why);
            case RouteTarget.Rva:
                return new RouteResult.Planned(Destination.Rva, rule.Why);
            case RouteTarget.Mutualiteit:
                // The validator requires a landsbond with INCAPACITY; an attest without one cannot be built valid.
                var landsbond = participant.EffectiveLandsbond ?? throw new InvalidOperationException("INCAPACITY requires the participant's landsbond.");
                return Held(attest, table, PermissionBody.Mutualiteit, $"adviserend arts (landsbond {landsbond.Code})")
                    ?? new RouteResult.Planned(Destination.Mutualiteit(landsbond), $"{rule.Why}, landsbond {landsbond.Code}"
                        + (table.HoldsOnlyForAnotherActivity(attest, PermissionBody.Mutualiteit)
                            ? "; de gekende toestemming gold voor andere uren of een andere werkpost: een nieuwe aanvraag"
                            : string.Empty));
            case RouteTarget.Ocmw:
                var ocmw = participant.EffectiveOcmw;
                return Held(attest, table, PermissionBody.Ocmw, $"OCMW {ocmw}")
                    ?? new RouteResult.Planned(Destination.Ocmw(ocmw), participant.CompetentOcmw is null ? $"{rule.Why}, gemeente {ocmw}" : $"{rule.Why}, bevoegd OCMW {ocmw} (opgegeven)");
            case RouteTarget.Dimona:
                return new RouteResult.Planned(Destination.Dimona, rule.Why);
            default:
                return new RouteResult.None();
        }
    }

    private static RouteResult? Held(Attest attest, RoutingTable table, PermissionBody body, string bodyName) =>
        table.ValidPermission(attest, body) is { } permission
            ? new RouteResult.Held(new SparedRequest(bodyName, permission.Reference, table.ValidUntil(permission, attest.Activity.StartDate)))
            : null;

    private static string Name(RouteTarget target) => target switch
    {
        RouteTarget.Vdab => "VDAB",
        RouteTarget.Rva => "RVA",
        RouteTarget.Mutualiteit => "mutualiteit",
        RouteTarget.Ocmw => "OCMW",
        RouteTarget.Dimona => "Dimona",
        _ => RegionalService,
    };

    private sealed class RouteOutcome
    {
        public Dictionary<RouteTarget, RouteResult> Results { get; } = [];

        public List<(Destination Destination, string Reason, Destination? WaitsOn)> Required { get; } = [];

        public List<RoutingGap> Gaps { get; } = [];

        public List<SparedRequest> Spared { get; } = [];
    }

    private abstract record RouteResult
    {
        public sealed record Planned(Destination Destination, string Reason) : RouteResult;

        public sealed record Gap(Benefits Benefit, string Body, string Reason) : RouteResult;

        public sealed record Held(SparedRequest Spared) : RouteResult;

        public sealed record None : RouteResult;
    }
}
