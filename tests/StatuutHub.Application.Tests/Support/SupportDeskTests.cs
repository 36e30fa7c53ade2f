using StatuutHub.Application.Support;
using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Application.Tests.Support;

public class SupportDeskTests
{
    [Fact]
    public void DeadLetter_IsReplayedWithAFreshBudget()
    {
        var effect = SupportDesk.DecideRequeue(new(1, "dimona", DeliveryState.DeadLettered))!;

        Assert.Equal((DeliveryState.Pending, true, "DeliveryReplayed"), (effect.To, effect.FreshBudget, effect.Audit.Kind));
    }

    [Fact]
    public void RetryScheduled_IsRetriedNow_KeepingItsAttempts()
    {
        var effect = SupportDesk.DecideRequeue(new(1, "dimona", DeliveryState.RetryScheduled))!;

        Assert.Equal((DeliveryState.Pending, false, "DeliveryRetried"), (effect.To, effect.FreshBudget, effect.Audit.Kind));
    }

    [Theory]
    [InlineData(DeliveryState.Pending)]
    [InlineData(DeliveryState.Sent)]
    [InlineData(DeliveryState.Acknowledged)]
    [InlineData(DeliveryState.Rejected)]
    [InlineData(DeliveryState.Overdue)]
    public void OtherStates_AreSkipped(DeliveryState state) => Assert.Null(SupportDesk.DecideRequeue(new(1, "dimona", state)));

    [Theory]
    [InlineData(null, true, null)]
    [InlineData("", true, null)]
    [InlineData("deadlettered", true, DeliveryState.DeadLettered)]
    [InlineData("Sent", true, DeliveryState.Sent)]
    [InlineData("Lost", false, null)]
    [InlineData("42", false, null)]
    public void TryState_ReadsAStateByName_EmptyIsNoFilter(string? text, bool ok, DeliveryState? expected)
    {
        Assert.Equal(ok, SupportDesk.TryState(text, out var state));
        Assert.Equal(expected, state);
    }
}
