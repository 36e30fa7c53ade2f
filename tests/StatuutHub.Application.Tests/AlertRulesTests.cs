using Polly.CircuitBreaker;
using StatuutHub.Application.Alerts;

namespace StatuutHub.Application.Tests;

/// <summary>Which alerts fire: one key per destination where it applies, thresholds strict, each rule can be switched off.</summary>
public sealed class AlertRulesTests
{
    private static readonly AlertSnapshot Quiet = new(new Dictionary<string, int>(), new Dictionary<string, CircuitState>(), 0, 0);

    [Fact]
    public void NothingWrong_NothingFires() => Assert.Empty(AlertRules.Evaluate(Quiet, new AlertOptions()));

    [Fact]
    public void EachCondition_FiresUnderItsOwnKey()
    {
        var now = new AlertSnapshot(
            new Dictionary<string, int> { ["rva"] = 2, ["ocmw"] = 0, ["dimona"] = 1 },
            new Dictionary<string, CircuitState> { ["vdab"] = CircuitState.Open, ["rva"] = CircuitState.Closed, ["ocmw:44021"] = CircuitState.Isolated, ["dimona"] = CircuitState.HalfOpen },
            11, 1);
        Assert.Equal(["dead-letters:dimona", "dead-letters:rva", "circuit-open:ocmw:44021", "circuit-open:vdab", "overdue", "renewal-missed"],
            AlertRules.Evaluate(now, new AlertOptions()).Select(a => a.Key));
        Assert.DoesNotContain(AlertRules.Evaluate(now with { Overdue = 10 }, new AlertOptions()), a => a.Key == "overdue"); // not above 10
        Assert.Empty(AlertRules.Evaluate(now, new AlertOptions { DeadLetters = false, CircuitOpen = false, OverdueAbove = 0, RenewalMissed = false }));
        Assert.All(AlertRules.Evaluate(now, new AlertOptions()), a => Assert.False(string.IsNullOrWhiteSpace(a.MessageNl) || string.IsNullOrWhiteSpace(a.MessageEn)));
    }

    [Fact]
    public void AnInitiativeThatKeepsClashingWithOthers_FiresFromTheThreshold_UnderItsOwnKey()
    {
        var now = Quiet with { CrossConflictsByInitiative = new Dictionary<string, int> { ["0987654394"] = 3, ["0123456749"] = 2 } };

        Assert.Equal(["cross-initiative-conflicts:0987654394"], AlertRules.Evaluate(now, new AlertOptions()).Select(a => a.Key));
        Assert.Empty(AlertRules.Evaluate(now, new AlertOptions { CrossInitiativeConflictsPerDay = 0 }));
        Assert.Equal(2, AlertRules.Evaluate(now, new AlertOptions { CrossInitiativeConflictsPerDay = 2 }).Count);
    }
}
