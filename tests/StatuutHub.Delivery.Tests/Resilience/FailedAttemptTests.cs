using Polly.CircuitBreaker;
using Polly.Timeout;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Delivery.Tests.Resilience;

/// <summary>The one verdict on a failed attempt that both outboxes (agencies, initiatives) use.</summary>
public class FailedAttemptTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly DeliveryLimits Limits = new() { MaxAttempts = 3, RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromMinutes(1), CircuitBreakDuration = TimeSpan.FromSeconds(30), AttemptTimeout = TimeSpan.FromSeconds(4) };

    private static string TimedOut(TimeSpan t) => $"no answer within {t.TotalSeconds} s";

    [Fact]
    public void AnOpenCircuit_IsNotTried_AndDueAfterTheBreak()
    {
        var failed = FailedAttempt.Of(new BrokenCircuitException("open"), 3, Limits, Now, TimedOut);

        Assert.Equal((FailedAttemptKind.NotTried, (DateTimeOffset?)Now.AddSeconds(30)), (failed.Kind, failed.NextDueAt));
    }

    [Fact]
    public void ATimeoutWithinTheBudget_IsRetried_AfterTheBackoff_SaidAsTheCallerNamesIt()
    {
        var failed = FailedAttempt.Of(new TimeoutRejectedException(), 1, Limits, Now, TimedOut);

        Assert.Equal((FailedAttemptKind.Retry, "no answer within 4 s"), (failed.Kind, failed.Why));
        Assert.InRange(failed.NextDueAt!.Value, Now.AddSeconds(1), Now.AddSeconds(2)); // half to the whole first step
    }

    [Fact]
    public void TheLastAttemptOfTheBudget_GivesUp_SayingSo()
    {
        var failed = FailedAttempt.Of(new DeliveryFailedException("503", transient: true), 3, Limits, Now, TimedOut);

        Assert.Equal((FailedAttemptKind.GiveUp, (DateTimeOffset?)null, "retry budget of 3 attempts spent; last error: 503"), (failed.Kind, failed.NextDueAt, failed.Why));
    }

    [Fact]
    public void APermanentFailure_GivesUp_AtOnce() =>
        Assert.Equal(new FailedAttempt(FailedAttemptKind.GiveUp, null, "400 invalid"), FailedAttempt.Of(new DeliveryFailedException("400 invalid", transient: false), 1, Limits, Now, TimedOut));
}
