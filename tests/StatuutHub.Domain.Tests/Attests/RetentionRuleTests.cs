using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Domain.Tests.Attests;

/// <summary>When an attest's personal data goes: every condition of the retention rule, one at a time.</summary>
public class RetentionRuleTests
{
    private static readonly DateOnly EndedBefore = new(2021, 12, 7);
    private static readonly DateTimeOffset ChangedBefore = new(2021, 12, 7, 0, 0, 0, TimeSpan.Zero);
    private static readonly (DeliveryState, DateTimeOffset?)[] Settled = [(DeliveryState.Acknowledged, ChangedBefore.AddYears(-1)), (DeliveryState.Stopped, null)];

    [Fact]
    public void EndedBeforeTheCutoff_AndSettled_Expires() =>
        Assert.True(RetentionRule.HasExpired(EndedBefore.AddDays(-1), false, ChangedBefore.AddYears(-1), Settled, EndedBefore, ChangedBefore));

    [Fact]
    public void EndingOnTheCutoffDay_DoesNot() =>
        Assert.False(RetentionRule.HasExpired(EndedBefore, false, ChangedBefore.AddYears(-1), Settled, EndedBefore, ChangedBefore));

    [Theory]
    [InlineData(true, -1, true)] // cancelled, last changed before: expired whatever its end
    [InlineData(true, 1, false)] // cancelled but changed since
    [InlineData(false, -1, false)] // not cancelled, still running (ends later)
    public void Cancelled_ExpiresByItsLastChange(bool cancelled, int changedDaysFromCutoff, bool expired) =>
        Assert.Equal(expired, RetentionRule.HasExpired(EndedBefore.AddYears(2), cancelled, ChangedBefore.AddDays(changedDaysFromCutoff), Settled, EndedBefore, ChangedBefore));

    [Theory]
    [InlineData(DeliveryState.Pending)]
    [InlineData(DeliveryState.RetryScheduled)]
    [InlineData(DeliveryState.Waiting)]
    [InlineData(DeliveryState.Sent)]
    [InlineData(DeliveryState.Overdue)]
    public void ADeliveryStillRunning_KeepsIt(DeliveryState running) =>
        Assert.False(RetentionRule.HasExpired(EndedBefore.AddDays(-1), false, ChangedBefore.AddYears(-1), [.. Settled, (running, null)], EndedBefore, ChangedBefore));

    [Theory]
    [InlineData(DeliveryState.Acknowledged)]
    [InlineData(DeliveryState.Rejected)]
    [InlineData(DeliveryState.DeadLettered)]
    [InlineData(DeliveryState.Stopped)]
    [InlineData(DeliveryState.Archived)]
    public void SettledDeliveries_DoNot(DeliveryState settled) =>
        Assert.True(RetentionRule.HasExpired(EndedBefore.AddDays(-1), false, ChangedBefore.AddYears(-1), [(settled, null)], EndedBefore, ChangedBefore));

    [Fact]
    public void ADecisionSinceTheCutoff_KeepsIt() =>
        Assert.False(RetentionRule.HasExpired(EndedBefore.AddDays(-1), false, ChangedBefore.AddYears(-1), [(DeliveryState.Acknowledged, ChangedBefore)], EndedBefore, ChangedBefore));
}
