using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Jobs;

/// <summary>Work the hub does on a clock: retention, statistics, reconciliation, alerts, the queue gauges.</summary>
public interface IPeriodicJob
{
    /// <summary>The job's name in the log, the metrics and its lease.</summary>
    string Name { get; }

    /// <summary>False: the job never runs in this process (switched off in its options).</summary>
    bool Enabled { get; }

    /// <summary>How long between two runs; the first run is at start-up.</summary>
    TimeSpan Interval { get; }

    /// <summary>True for a job that must run once for the whole hub, however many processes share the store (it changes or reports
    /// the store as a whole); false for one each process runs for itself.</summary>
    bool OncePerHub { get; }

    /// <summary>One run.</summary>
    Task RunAsync(CancellationToken ct);
}

/// <summary>Runs every <see cref="IPeriodicJob"/> on its interval, each in its own loop. A job that runs once per hub runs where its
/// lease is held (<see cref="IJobLeases"/>): the process that takes it keeps it by running on time, and another takes it over only
/// when a lease of two intervals ran out. A failed run is logged and tried again at the next turn. Each turn is counted in
/// <c>statuut.jobs.turns</c> (by job and outcome: ran, elsewhere, failed).</summary>
public sealed class PeriodicJobs(IEnumerable<IPeriodicJob> jobs, IJobLeases leases, IMeterFactory meters, TimeProvider time, ILogger<PeriodicJobs> logger) : BackgroundService
{
    /// <summary>This process among those that share the store.</summary>
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    // The hub's meter, exported at /metrics.
    private readonly Counter<long> _turns = meters.Create(StatuutHub.Delivery.Telemetry.HubTelemetry.Name).CreateCounter<long>("statuut.jobs.turns",
        description: "Turns of the hub's periodic jobs, by job and outcome (ran; elsewhere: another process holds the job; failed).");

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(jobs.Where(job => job.Enabled).Select(job => Task.Run(() => LoopAsync(job, stoppingToken), CancellationToken.None)));

    private async Task LoopAsync(IPeriodicJob job, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(job.Interval, time);
        try
        {
            do
            {
                Count(job, await TurnAsync(job, stoppingToken));
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>One turn: the lease if the job needs one, then the run.</summary>
    private async Task<string> TurnAsync(IPeriodicJob job, CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow();
            if (job.OncePerHub && !await leases.TryHoldJobAsync(job.Name, _owner, now, now + (2 * job.Interval), ct))
            {
                return "elsewhere";
            }

            await job.RunAsync(ct);
            return "ran";
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Job {Job} failed; it runs again in {Interval}", job.Name, job.Interval);
            return "failed";
        }
    }

    private void Count(IPeriodicJob job, string outcome) => _turns.Add(1, new("job", job.Name), new("outcome", outcome));
}
