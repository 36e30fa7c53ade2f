using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Domain.Tests.Deliveries;

public class DeliveryStateMachineTests
{
    /// <summary>The complete table of allowed moves; everything not listed must be refused.</summary>
    private static readonly Dictionary<(DeliveryState, DeliveryEvent), DeliveryState> Allowed = new()
    {
        [(DeliveryState.Pending, DeliveryEvent.Receipted)] = DeliveryState.Sent,
        [(DeliveryState.Pending, DeliveryEvent.Approved)] = DeliveryState.Acknowledged,
        [(DeliveryState.Pending, DeliveryEvent.Refused)] = DeliveryState.Rejected,
        [(DeliveryState.Pending, DeliveryEvent.AttemptFailed)] = DeliveryState.RetryScheduled,
        [(DeliveryState.Pending, DeliveryEvent.GaveUp)] = DeliveryState.DeadLettered,
        [(DeliveryState.RetryScheduled, DeliveryEvent.Receipted)] = DeliveryState.Sent,
        [(DeliveryState.RetryScheduled, DeliveryEvent.Approved)] = DeliveryState.Acknowledged,
        [(DeliveryState.RetryScheduled, DeliveryEvent.Refused)] = DeliveryState.Rejected,
        [(DeliveryState.RetryScheduled, DeliveryEvent.AttemptFailed)] = DeliveryState.RetryScheduled,
        [(DeliveryState.RetryScheduled, DeliveryEvent.GaveUp)] = DeliveryState.DeadLettered,
        [(DeliveryState.RetryScheduled, DeliveryEvent.Replayed)] = DeliveryState.Pending,
        [(DeliveryState.Sent, DeliveryEvent.Approved)] = DeliveryState.Acknowledged,
        [(DeliveryState.Sent, DeliveryEvent.Refused)] = DeliveryState.Rejected,
        [(DeliveryState.Sent, DeliveryEvent.AnswerTimeExpired)] = DeliveryState.Overdue,
        [(DeliveryState.Sent, DeliveryEvent.NotReceived)] = DeliveryState.Pending,
        [(DeliveryState.Overdue, DeliveryEvent.NotReceived)] = DeliveryState.Pending,
        [(DeliveryState.Overdue, DeliveryEvent.Approved)] = DeliveryState.Acknowledged,
        [(DeliveryState.Overdue, DeliveryEvent.Refused)] = DeliveryState.Rejected,
        [(DeliveryState.DeadLettered, DeliveryEvent.Replayed)] = DeliveryState.Pending,
        [(DeliveryState.DeadLettered, DeliveryEvent.Archived)] = DeliveryState.Archived,
        [(DeliveryState.Archived, DeliveryEvent.Unarchived)] = DeliveryState.DeadLettered,
        [(DeliveryState.Archived, DeliveryEvent.Replayed)] = DeliveryState.Pending,
        [(DeliveryState.Waiting, DeliveryEvent.PrerequisiteApproved)] = DeliveryState.Pending,
        [(DeliveryState.Waiting, DeliveryEvent.PrerequisiteFailed)] = DeliveryState.Stopped,
        [(DeliveryState.Pending, DeliveryEvent.Withdrawn)] = DeliveryState.Stopped,
        [(DeliveryState.Waiting, DeliveryEvent.Withdrawn)] = DeliveryState.Stopped,
    };

    public static TheoryData<DeliveryState, DeliveryEvent> EveryPair()
    {
        var data = new TheoryData<DeliveryState, DeliveryEvent>();
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            foreach (var @event in Enum.GetValues<DeliveryEvent>())
            {
                data.Add(state, @event);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Apply_EveryStateAndEvent_FollowsTheTable(DeliveryState from, DeliveryEvent @event)
    {
        if (Allowed.TryGetValue((from, @event), out var expected))
        {
            Assert.Equal(expected, DeliveryStateMachine.Apply(from, @event));
        }
        else
        {
            Assert.False(DeliveryStateMachine.TryApply(from, @event, out _));
            Assert.Throws<InvalidOperationException>(() => DeliveryStateMachine.Apply(from, @event));
        }
    }

    [Theory]
    [InlineData(DeliveryState.Acknowledged)]
    [InlineData(DeliveryState.Rejected)]
    [InlineData(DeliveryState.Stopped)]
    public void FinalStates_TakeNoEvent(DeliveryState state)
    {
        Assert.True(DeliveryStateMachine.IsFinal(state));
        Assert.All(Enum.GetValues<DeliveryEvent>(), e => Assert.False(DeliveryStateMachine.TryApply(state, e, out _)));
    }

    [Fact]
    public void AwaitsSending_OnlyPendingAndRetryScheduled() =>
        Assert.Equal(
            [DeliveryState.Pending, DeliveryState.RetryScheduled],
            Enum.GetValues<DeliveryState>().Where(DeliveryStateMachine.AwaitsSending));

    [Fact]
    public void IsDecided_OnlyApprovedAndRefused() =>
        Assert.Equal(
            [DeliveryState.Acknowledged, DeliveryState.Rejected],
            Enum.GetValues<DeliveryState>().Where(DeliveryStateMachine.IsDecided));

    [Fact]
    public void ReachedBody_TheResultsOfAnAttemptThatGotAnAnswer() =>
        Assert.Equal(
            [DeliveryState.Sent, DeliveryState.Acknowledged, DeliveryState.Rejected],
            Enum.GetValues<DeliveryState>().Where(DeliveryStateMachine.ReachedBody));

    [Fact]
    public void AwaitsDecision_SentAndOverdue() =>
        Assert.Equal([DeliveryState.Sent, DeliveryState.Overdue], Enum.GetValues<DeliveryState>().Where(DeliveryStateMachine.AwaitsDecision));

    [Fact]
    public void IsFailing_RetryScheduledAndDeadLettered() =>
        Assert.Equal([DeliveryState.RetryScheduled, DeliveryState.DeadLettered], Enum.GetValues<DeliveryState>().Where(DeliveryStateMachine.IsFailing));

    [Fact]
    public void IsMissedRenewal_RefusedGivenUpOrUnanswered() =>
        Assert.Equal(
            [DeliveryState.Rejected, DeliveryState.DeadLettered, DeliveryState.Overdue],
            Enum.GetValues<DeliveryState>().Where(DeliveryStateMachine.IsMissedRenewal));
}
