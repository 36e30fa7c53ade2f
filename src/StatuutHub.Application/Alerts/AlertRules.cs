using Polly.CircuitBreaker;

namespace StatuutHub.Application.Alerts;

/// <summary>Which alerts fire for what the hub sees now. No I/O: the watch gathers <see cref="AlertSnapshot"/>, this decides.</summary>
public static class AlertRules
{
    /// <summary>The alerts firing now, each with a key stable while its condition lasts (one per destination where it applies).</summary>
    public static IReadOnlyList<FiringAlert> Evaluate(AlertSnapshot now, AlertOptions rules)
    {
        var firing = new List<FiringAlert>();
        if (rules.DeadLetters)
        {
            firing.AddRange(now.DeadLettersByDestination.Where(d => d.Value > 0).OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => new FiringAlert(
                $"dead-letters:{d.Key}",
                $"{d.Value} dode brief/brieven voor {d.Key}: de hub stopte met proberen; bekijk ze bij Mislukt en bied ze opnieuw aan.",
                $"{d.Value} dead letter(s) for {d.Key}: the hub stopped trying; look at them under Failed and replay them.")));
        }

        if (rules.CircuitOpen)
        {
            firing.AddRange(now.Circuits.Where(c => c.Value is CircuitState.Open or CircuitState.Isolated).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new FiringAlert(
                $"circuit-open:{c.Key}",
                $"De verbinding met {c.Key} staat open: te veel mislukte oproepen, de hub wacht even voor hij opnieuw probeert.",
                $"The circuit to {c.Key} is open: too many failed calls; the hub waits before it tries again.")));
        }

        if (rules.OverdueAbove > 0 && now.Overdue > rules.OverdueAbove)
        {
            firing.Add(new FiringAlert("overdue",
                $"{now.Overdue} bezorgingen wachten langer dan afgesproken op een beslissing (drempel {rules.OverdueAbove}).",
                $"{now.Overdue} deliveries have waited longer than agreed for a decision (threshold {rules.OverdueAbove})."));
        }

        if (rules.RenewalMissed && now.MissedRenewals > 0)
        {
            firing.Add(new FiringAlert("renewal-missed",
                $"{now.MissedRenewals} verlenging(en) kregen geen toestemming (geweigerd, opgegeven of onbeantwoord): de deelnemer kan zijn uitkering verliezen.",
                $"{now.MissedRenewals} renewal(s) got no approval (refused, given up or unanswered): the participant may lose their benefit."));
        }

        if (rules.CrossInitiativeConflictsPerDay > 0)
        {
            firing.AddRange(now.CrossConflictsByInitiative.Where(c => c.Value >= rules.CrossInitiativeConflictsPerDay).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new FiringAlert(
                $"cross-initiative-conflicts:{c.Key}",
                $"Initiatief {c.Key} kreeg in 24 uur {c.Value} attesten geweigerd die botsen met een attest van een ander initiatief: bekijk ze bij /api/v1/admin/conflicts.",
                $"Initiative {c.Key} had {c.Value} attests refused in 24 hours for a conflict with another initiative's attest: see /api/v1/admin/conflicts.")));
        }

        return firing;
    }
}

/// <summary>What the hub sees now: dead letters per destination, each called destination's circuit, Overdue deliveries, missed renewals,
/// and per initiative its attests refused in the last 24 hours for a conflict with another initiative's.</summary>
public sealed record AlertSnapshot(IReadOnlyDictionary<string, int> DeadLettersByDestination, IReadOnlyDictionary<string, CircuitState> Circuits, int Overdue, int MissedRenewals)
{
    public IReadOnlyDictionary<string, int> CrossConflictsByInitiative { get; init; } = new Dictionary<string, int>();
}

/// <summary>An alert that fires: its key and what it says in Dutch and English.</summary>
public sealed record FiringAlert(string Key, string MessageNl, string MessageEn);
