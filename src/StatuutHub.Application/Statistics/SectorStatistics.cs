using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Jobs;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Rules;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Statistics;

/// <summary>Makes the sector statistics (the nightly aggregate: every attest read once, in batches) and keeps the report, which the
/// page and the API then only read. Runs at start-up when the kept report is older than the interval, then every interval; an
/// operator may ask for a new one.</summary>
public sealed class SectorStatistics(IStatisticsStore store, RuleTables rules, ProvinceTable provinces, IOptions<StatisticsOptions> options,
    TimeProvider time, ILogger<SectorStatistics> logger) : IPeriodicJob
{
    /// <summary>The report as the API serves it (camelCase, null for a suppressed count).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Makes the report now and keeps it.</summary>
    public async Task<StatisticsReport> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var builder = new StatisticsBuilder(BelgianTime.DayOf(now), options.Value.SmallestGroup, provinces, rules.Municipalities, options.Value.RoundTo);
        string? cursor = null;
        var attests = 0;
        do
        {
            var batch = await store.ReadStatisticsFactsAsync(cursor, options.Value.BatchSize, ct);
            foreach (var facts in batch.Attests)
            {
                builder.Add(facts);
            }

            attests += batch.Attests.Count;
            cursor = batch.Next;
        }
        while (cursor is not null);

        var report = builder.Build(now);
        await store.SaveStatisticsAsync(now, JsonSerializer.Serialize(report, Json), ct);
        logger.LogInformation("Statistics: {Attests} attests read in {Seconds:F1} s", attests, (time.GetUtcNow() - now).TotalSeconds);
        return report;
    }

    /// <summary>The kept report, or null before the first run.</summary>
    public async Task<StatisticsReport?> ReadAsync(CancellationToken ct) =>
        await store.GetStatisticsAsync(ct) is { } stored ? JsonSerializer.Deserialize<StatisticsReport>(stored.Document, Json) : null;

    /// <inheritdoc />
    public string Name => "statistics";

    /// <inheritdoc />
    public bool Enabled => options.Value.Enabled;

    /// <inheritdoc />
    /// <remarks>Looked at hourly (or more often, with a shorter interval), made when the kept report is older than the interval:
    /// a restart does not put it off by a whole interval.</remarks>
    public TimeSpan Interval => options.Value.Interval < TimeSpan.FromHours(1) ? options.Value.Interval : TimeSpan.FromHours(1);

    /// <inheritdoc />
    public bool OncePerHub => true;

    /// <inheritdoc />
    async Task IPeriodicJob.RunAsync(CancellationToken ct)
    {
        var kept = await store.GetStatisticsAsync(ct);
        if (kept is null || kept.ComputedAt + options.Value.Interval <= time.GetUtcNow())
        {
            await RunOnceAsync(ct);
        }
    }
}
