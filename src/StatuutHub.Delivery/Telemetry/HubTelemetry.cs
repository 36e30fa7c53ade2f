using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace StatuutHub.Delivery.Telemetry;

/// <summary>The hub's traces: intake → dispatch → adapter spans under one ActivitySource named "StatuutHub".</summary>
public static class HubTelemetry
{
    public const string Name = "StatuutHub";

    /// <summary>The source for the hub's own spans (a static source is the .NET idiom; listeners decide what is kept).</summary>
    public static readonly ActivitySource Traces = new(Name);
}

/// <summary>The hub's metrics, on a Meter named "StatuutHub" from the host's meter factory; exported at /metrics.</summary>
public sealed class HubMetrics
{
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _attemptDuration;
    private readonly Counter<long> _reconciliations;
    private StoreSnapshot _snapshot = StoreSnapshot.Empty;

    public HubMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(HubTelemetry.Name);
        _accepted = meter.CreateCounter<long>("statuut.attests.accepted", description: "Attests accepted (new versions stored), by channel.");
        _rejected = meter.CreateCounter<long>("statuut.attests.rejected", description: "Problems in refused attests, by channel and stable code.");
        _attemptDuration = meter.CreateHistogram<double>("statuut.delivery.attempt.duration", unit: "ms", description: "One delivery attempt, by destination kind and outcome.");
        _reconciliations = meter.CreateCounter<long>("statuut.reconciliations", description: "Decision queries to agencies, by destination kind and answer (decided, changed, pending, unknown, failed).");
        meter.CreateObservableGauge("statuut.deliveries", () => _snapshot.ByDestinationAndState.Select(d =>
            new Measurement<long>(d.Count, new("destination", d.Destination), new("state", d.State))), description: "Deliveries by destination and state.");
        meter.CreateObservableGauge("statuut.queue.depth", () => _snapshot.QueueDepth, description: "Deliveries waiting to be sent (pending or retry scheduled).");
        meter.CreateObservableGauge("statuut.queue.oldest_pending_age", () => _snapshot.OldestPendingSeconds, unit: "s", description: "Age of the oldest delivery waiting to be sent.");
    }

    /// <summary>Replaces the store counts the gauges report (refreshed in the background, never per scrape).</summary>
    public void Update(StoreSnapshot snapshot) => Volatile.Write(ref _snapshot, snapshot);

    public void AttestAccepted(string channel) => _accepted.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void AttestRejected(string channel, IEnumerable<string> codes)
    {
        foreach (var code in codes)
        {
            _rejected.Add(1, new("channel", channel), new("code", code));
        }
    }

    /// <summary>One decision query and what came of it: <c>changed</c> when the answer moved the delivery (a lost callback found).</summary>
    public void Reconciled(string destinationKind, string answer) =>
        _reconciliations.Add(1, new("destination", destinationKind), new("answer", answer));

    public void AttemptFinished(string destinationKind, string outcome, TimeSpan duration) =>
        _attemptDuration.Record(duration.TotalMilliseconds, new("destination", destinationKind), new("outcome", outcome));
}

/// <summary>Counts read from the store for the gauges.</summary>
public sealed record StoreSnapshot(IReadOnlyList<(string Destination, string State, long Count)> ByDestinationAndState, long QueueDepth, double OldestPendingSeconds)
{
    public static StoreSnapshot Empty { get; } = new([], 0, 0);
}
