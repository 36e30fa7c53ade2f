using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Delivery.Resilience;

/// <summary>Per destination kind: where it lives, how long it may take to decide, and how hard the
/// hub tries. Bound from <c>Destinations:{rva|mutualiteit|ocmw|dimona}</c>, validated at start-up.</summary>
public sealed class DestinationOptions : DeliveryLimits
{
    /// <summary>How messages reach this agency: over HTTP to <see cref="BaseUrl"/>, or on its queue at the broker (<c>Broker:*</c>).</summary>
    public DestinationTransport Transport { get; set; } = DestinationTransport.Http;

    /// <summary>Offices of this kind (their address: an OCMW's NIS code, a landsbond's number) that read their requests in the hub's
    /// inbox while the others keep <see cref="Transport"/>, e.g. OCMW 44021 on the inbox and OCMW 11002 over HTTP.</summary>
    public List<string> InboxOffices { get; set; } = [];

    /// <summary>The agency's queue when <see cref="Transport"/> is <see cref="DestinationTransport.Amqp"/>.</summary>
    public QueueOptions Queue { get; set; } = new();

    /// <summary>The agency's base address (over AMQP still used for the decision query).</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>The agreed time for a decision after the receipt; later = Overdue.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan AnswerTime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>When set, the answer is due this many working days after the activity's start (the adviserend
    /// arts: 30), not <see cref="AnswerTime"/> after sending; working days skip weekends and Belgian public holidays.</summary>
    [Range(1, 365)]
    public int? AnswerWorkingDaysFromStart { get; set; }

    /// <summary>How long after sending the hub asks the agency for a decision that has not come (a lost callback).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long the hub waits before asking again about the same message (with ±10 % jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Decision queries per second to this agency, at most.</summary>
    [Range(1, 10_000)]
    public int ReconcilePerSecond { get; set; } = 5;

    /// <summary>How the hub proves who it is to this agency (checked by <c>OutboundAuthenticationValidator</c>).</summary>
    public Authentication.OutboundAuthenticationOptions Authentication { get; set; } = new();
}

/// <summary>The ways the hub delivers to an agency.</summary>
public enum DestinationTransport
{
    /// <summary>HTTP(S) posts to the agency's base address.</summary>
    Http,

    /// <summary>AMQP 1.0 messages on the agency's queue at the broker.</summary>
    Amqp,

    /// <summary>No message leaves the hub: the request waits in the office's inbox, where its people read and decide it.</summary>
    Inbox,
}

/// <summary>An agency's queue (<c>Destinations:{kind}:Queue</c>).</summary>
public sealed class QueueOptions
{
    /// <summary>The queue's name; empty takes <c>statuut.{kind}</c>.</summary>
    public string? Name { get; set; }

    /// <summary>How long a message may wait on the queue before the broker drops it (Service Bus: to the dead letters); the
    /// reconciliation asks about it later and sends it again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(14);
}

/// <summary>How hard the hub tries to deliver to one receiver, and how it spares a receiver in trouble: the durable retry budget
/// and schedule, quick retries within an attempt, the attempt timeout, the circuit breaker, the rate and concurrency limits.
/// Shared by the agencies' destinations and the initiatives' callbacks (each with its own defaults and section).</summary>
public class DeliveryLimits
{
    /// <summary>Durable attempts before a delivery is dead-lettered (the retry budget).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First durable retry delay; doubles each attempt, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest durable retry delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Quick in-process retries inside one attempt (for blips), before the durable schedule takes over.</summary>
    [Range(0, 5)]
    public int QuickRetries { get; set; } = 1;

    /// <summary>Delay before a quick retry (exponential, with jitter).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan QuickRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Time limit for one call.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of failed calls in the sampling window that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.5;

    /// <summary>Calls in the window before the circuit may open.</summary>
    [Range(2, 10_000)]
    public int CircuitMinimumThroughput { get; set; } = 5;

    /// <summary>Window over which failures are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit stays open before one trial call.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls per second the agency accepts from us.</summary>
    [Range(1, 100_000)]
    public int RateLimitPerSecond { get; set; } = 200;

    /// <summary>Calls to this agency in flight at once.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrency { get; set; } = 16;
}
