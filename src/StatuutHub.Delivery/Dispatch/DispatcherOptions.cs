using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Delivery.Dispatch;

/// <summary>How the dispatcher claims and sends. Bound from <c>Dispatcher</c>.</summary>
public sealed class DispatcherOptions
{
    /// <summary>Run the background loop (tests drive <see cref="DeliveryDispatcher.RunOnceAsync"/> themselves when off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Deliveries claimed per round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Deliveries sent at once by this process.</summary>
    [Range(1, 1_000)]
    public int MaxParallelSends { get; set; } = 32;

    /// <summary>How long a claim holds; a process that dies loses its claims after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often to look for due work when nothing wakes the dispatcher.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
