using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Application.Support;

/// <summary>How long the hub keeps an attest's personal data (<c>Retention:*</c>), and how it removes it.</summary>
public sealed class RetentionOptions
{
    /// <summary>On: the daily purge runs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long after an attest ended (or was cancelled, or last decided) its personal data is kept. Default five years:
    /// the RVA may reclaim unduly paid unemployment benefits within three years, five in case of fraud or deceit (rva.be, leaflet
    /// T82 "Wanneer moeten de uitkeringen terugbetaald worden?", Verjaring), and the hub's record of what it sent and what was
    /// decided must outlive that.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00")]
    public TimeSpan After { get; set; } = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>How often the purge looks for expired attests.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Attests per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;
}
