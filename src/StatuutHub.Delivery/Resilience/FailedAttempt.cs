using Polly.CircuitBreaker;
using Polly.RateLimiting;

namespace StatuutHub.Delivery.Resilience;

/// <summary>What an outbox does after an attempt that failed, the same for agencies and initiatives.</summary>
public enum FailedAttemptKind
{
    /// <summary>Not tried at all (the circuit is open, or the rate limit said wait): due again after the break, the budget untouched.</summary>
    NotTried,

    /// <summary>A transient failure within the retry budget: due again after the backoff.</summary>
    Retry,

    /// <summary>A permanent failure, or the budget spent: dead-lettered for a person to look at.</summary>
    GiveUp,
}

/// <summary>The verdict on a failed attempt: what to do, when it is due again, and why, as a person reads it.</summary>
public sealed record FailedAttempt(FailedAttemptKind Kind, DateTimeOffset? NextDueAt, string Why)
{
    /// <summary>Judges <paramref name="ex"/>, the failure of attempt number <paramref name="attempt"/> (1 = the first) under
    /// <paramref name="limits"/>; <paramref name="timedOut"/> says a timeout the way the caller's settings name it.</summary>
    public static FailedAttempt Of(Exception ex, int attempt, DeliveryLimits limits, DateTimeOffset now, Func<TimeSpan, string> timedOut)
    {
        if (ex is BrokenCircuitException or IsolatedCircuitException or RateLimiterRejectedException)
        {
            return new FailedAttempt(FailedAttemptKind.NotTried, now + limits.CircuitBreakDuration, ex.Message);
        }

        var why = ex is Polly.Timeout.TimeoutRejectedException ? timedOut(limits.AttemptTimeout) : ex.Message;
        if (!DestinationPipelines.IsTransient(ex))
        {
            return new FailedAttempt(FailedAttemptKind.GiveUp, null, ex.Message);
        }

        return attempt < limits.MaxAttempts
            ? new FailedAttempt(FailedAttemptKind.Retry, now + RetrySchedule.DelayAfter(attempt, limits.RetryBaseDelay, limits.RetryMaxDelay, Random.Shared.NextDouble()), why)
            : new FailedAttempt(FailedAttemptKind.GiveUp, null, $"retry budget of {limits.MaxAttempts} attempts spent; last error: {why}");
    }
}
