using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Delivery.Telemetry;

/// <summary>How often the queue gauges are read from the store (<c>Telemetry:RefreshInterval</c>).</summary>
public sealed class GaugeOptions
{
    /// <summary>The interval between two reads; 15 seconds by default.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(15);
}
