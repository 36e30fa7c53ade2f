namespace StatuutHub.Delivery.Resilience;

/// <summary>When the next durable attempt is due: exponential backoff with full jitter between
/// half and the whole step, capped, so many deliveries failing together do not retry together.</summary>
public static class RetrySchedule
{
    /// <summary>The delay after <paramref name="failedAttempts"/> failed attempts (1 = the first failed).</summary>
    public static TimeSpan DelayAfter(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double jitter01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var exponent = Math.Min(failedAttempts - 1, 30);
        var step = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(step * (0.5 + (0.5 * Math.Clamp(jitter01, 0, 1))));
    }
}
