using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Domain.Tests.Deliveries;

public class AttestStatusRuleTests
{
    [Fact]
    public void AllAcknowledged_IsRecognised() =>
        Assert.Equal(AttestStatus.Recognised, AttestStatusRule.Derive(false, [DeliveryState.Acknowledged, DeliveryState.Acknowledged]));

    [Fact]
    public void OneRejected_IsRefused_EvenIfOthersPending() =>
        Assert.Equal(AttestStatus.Refused, AttestStatusRule.Derive(false, [DeliveryState.Pending, DeliveryState.Rejected, DeliveryState.Acknowledged]));

    [Theory]
    [InlineData(DeliveryState.Pending)]
    [InlineData(DeliveryState.Sent)]
    [InlineData(DeliveryState.RetryScheduled)]
    [InlineData(DeliveryState.DeadLettered)]
    [InlineData(DeliveryState.Overdue)]
    public void AnyUndecided_IsInProgress(DeliveryState undecided) =>
        Assert.Equal(AttestStatus.InProgress, AttestStatusRule.Derive(false, [DeliveryState.Acknowledged, undecided]));

    [Fact]
    public void Cancelled_WinsOverDeliveries() =>
        Assert.Equal(AttestStatus.Cancelled, AttestStatusRule.Derive(true, [DeliveryState.Acknowledged, DeliveryState.Rejected]));

    [Fact]
    public void NoDeliveries_IsInProgress() => Assert.Equal(AttestStatus.InProgress, AttestStatusRule.Derive(false, []));
}
