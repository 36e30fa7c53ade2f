using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Application.Statistics;

/// <summary>The sector statistics (<c>Statistics:*</c>): how often the aggregate is made and how small a group may be shown.</summary>
public sealed class StatisticsOptions
{
    /// <summary>On: the aggregate is made at start-up when none is recent, then every <see cref="Interval"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the aggregate is made again (nightly by default).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The smallest count shown; 1 up to this − 1 is suppressed. Five is the usual rule for small cells; it may be raised,
    /// never lowered.</summary>
    [Range(5, 1_000)]
    public int SmallestGroup { get; set; } = 5;

    /// <summary>Every count shown is rounded to a multiple of this: the attests' started, running and ended counts are linked, and
    /// exact ones would let differencing recover a suppressed count (docs/statistics.md). Five at least.</summary>
    [Range(5, 100)]
    public int RoundTo { get; set; } = 5;

    /// <summary>Attests read per batch while the aggregate is made.</summary>
    [Range(10, 10_000)]
    public int BatchSize { get; set; } = 1_000;
}
