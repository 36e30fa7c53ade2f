using System.ComponentModel.DataAnnotations;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Application.Callbacks;

/// <summary>The <c>Callbacks</c> section: which addresses an initiative may register, and how hard the hub tries to deliver its events
/// (the same retry schedule, circuit breaker and dead letters as agency messages, with their own limits).</summary>
public sealed class CallbackOptions
{
    /// <summary>Run the background sender (tests drive <see cref="CallbackSender.RunOnceAsync"/> themselves when off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Accept <c>http://</c> callback addresses (demo only: outside it an event must travel encrypted).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Accept and connect to loopback, private, link-local and other non-public addresses (demo only: outside it a callback must
    /// not become a way into the hub's own network).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How often to look for new events when nothing signals.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Events claimed per round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>How long a claim holds before another process may take the event over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before an event is dead-lettered (the retry budget).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>First durable retry delay; doubles each attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest durable retry delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Time limit for one POST.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of failed POSTs to one initiative that opens its circuit.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>POSTs in the window before the circuit may open.</summary>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 5;

    /// <summary>How long an open circuit stays open before one trial POST.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The limits as a pipeline takes them (one pipeline per initiative).</summary>
    public DestinationOptions AsPipeline() => new()
    {
        MaxAttempts = MaxAttempts,
        RetryBaseDelay = RetryBaseDelay,
        RetryMaxDelay = RetryMaxDelay,
        AttemptTimeout = AttemptTimeout,
        CircuitFailureRatio = CircuitFailureRatio,
        CircuitMinimumThroughput = CircuitMinimumThroughput,
        CircuitBreakDuration = CircuitBreakDuration,
        QuickRetries = 0,
        RateLimitPerSecond = 50,
        MaxConcurrency = 4,
    };
}
