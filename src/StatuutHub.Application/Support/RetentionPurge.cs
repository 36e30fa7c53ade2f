using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Jobs;
using StatuutHub.Domain.Calendar;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Support;

/// <summary>The daily purge: removes the personal data of attests whose retention ran out (<see cref="RetentionOptions.After"/>),
/// in small batches so no write waits long, and says in the log how many. Counters, deliveries and the audit trail stay; each purged
/// attest's chain gets an <c>AttestPurged</c> event, so <c>statuut verify-audit</c> still walks every chain.</summary>
public sealed class RetentionPurge(IStoreLifecycle store, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionPurge> logger) : IPeriodicJob
{
    /// <inheritdoc />
    public string Name => "retention";

    /// <inheritdoc />
    public bool Enabled => options.Value.Enabled;

    /// <inheritdoc />
    public TimeSpan Interval => options.Value.Interval;

    /// <inheritdoc />
    public bool OncePerHub => true;

    /// <inheritdoc />
    Task IPeriodicJob.RunAsync(CancellationToken ct) => RunOnceAsync(ct);

    /// <summary>One run: every expired attest, batch after batch. Returns how many were purged.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var cutoff = new RetentionCutoff(BelgianTime.DayOf(now - o.After), now - o.After, now,
            $"persoonsgegevens verwijderd na de bewaartermijn van {o.After.TotalDays:0} dagen / personal data removed after the retention period");
        var total = 0;
        string? after = null;
        do
        {
            var batch = await store.PurgeExpiredAsync(cutoff, after, o.BatchSize, ct);
            (total, after) = (total + batch.Purged, batch.Next);
        }
        while (after is not null);

        if (total > 0)
        {
            await store.ForgetOverwrittenAsync(ct);
            logger.LogInformation("Retention: personal data of {Count} attests removed (ended or last changed before {Cutoff:yyyy-MM-dd})", total, cutoff.ChangedBefore);
        }

        return total;
    }
}
