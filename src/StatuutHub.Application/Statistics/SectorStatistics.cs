using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Rules;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Statistics;

/// <summary>Makes the sector statistics (the nightly aggregate: every attest read once, in batches) and keeps the report, which the
/// page and the API then only read. Runs at start-up when the kept report is older than the interval, then every interval; an
/// operator may ask for a new one.</summary>
public sealed class SectorStatistics(IStatisticsStore store, RuleTables rules, ProvinceTable provinces, IOptions<StatisticsOptions> options,
    TimeProvider time, ILogger<SectorStatistics> logger) : BackgroundService
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var interval = options.Value.Interval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var kept = await store.GetStatisticsAsync(stoppingToken);
                var due = kept is null ? TimeSpan.Zero : kept.ComputedAt + interval - time.GetUtcNow();
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, time, stoppingToken);
                }

                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Statistics: the aggregate failed; it is tried again after {Interval}", interval);
                await Task.Delay(interval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
