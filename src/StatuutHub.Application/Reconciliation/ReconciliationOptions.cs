using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Application.Reconciliation;

/// <summary>The <c>Reconciliation</c> section: how often the hub looks for decisions that did not come back.
/// Per destination: <c>Destinations:*:ReconcileAfter</c>, <c>ReconcileInterval</c>, <c>ReconcilePerSecond</c>.</summary>
public sealed class ReconciliationOptions
{
    /// <summary>Run the background loop (tests call <see cref="DecisionReconciler.RunOnceAsync"/> themselves when off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often to look for deliveries to ask about.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Deliveries asked about per destination kind per round.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;
}
