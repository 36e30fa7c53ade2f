using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Delivery.Tests.Resilience;

public class RetryScheduleTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(5, 32)]
    public void DelayAfter_DoublesPerFailedAttempt_FullJitterGivesTheWholeStep(int failed, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetrySchedule.DelayAfter(failed, Base, Max, jitter01: 1));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 4)]
    public void DelayAfter_NoJitterGivesHalfTheStep(int failed, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetrySchedule.DelayAfter(failed, Base, Max, jitter01: 0));

    [Theory]
    [InlineData(6)]
    [InlineData(40)]
    [InlineData(int.MaxValue)]
    public void DelayAfter_IsCappedAtTheMaximum(int failed) =>
        Assert.Equal(Max, RetrySchedule.DelayAfter(failed, Base, Max, jitter01: 1));

    [Theory]
    [InlineData(-1.0, 1)]
    [InlineData(7.0, 2)]
    public void DelayAfter_JitterOutsideZeroToOneIsClamped(double jitter, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetrySchedule.DelayAfter(1, Base, Max, jitter));

    [Fact]
    public void DelayAfter_ZeroFailedAttempts_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RetrySchedule.DelayAfter(0, Base, Max, 0.5));
}
