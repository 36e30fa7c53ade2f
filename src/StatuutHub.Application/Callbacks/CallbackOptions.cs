using System.ComponentModel.DataAnnotations;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Application.Callbacks;

/// <summary>The <c>Callbacks</c> section: which addresses an initiative may register, and how hard the hub tries to deliver its events
/// (<see cref="DeliveryLimits"/>, as for agency messages, with defaults of their own; one circuit per initiative).</summary>
public sealed class CallbackOptions : DeliveryLimits
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

    /// <summary>The callbacks' own defaults: a longer, slower schedule than an agency's (ten attempts over about an hour and a half
    /// before an operator is needed), no quick retries, and gentle limits per initiative.</summary>
    public CallbackOptions()
    {
        MaxAttempts = 10;
        RetryBaseDelay = TimeSpan.FromSeconds(10);
        RetryMaxDelay = TimeSpan.FromHours(1);
        QuickRetries = 0;
        RateLimitPerSecond = 50;
        MaxConcurrency = 4;
    }
}
