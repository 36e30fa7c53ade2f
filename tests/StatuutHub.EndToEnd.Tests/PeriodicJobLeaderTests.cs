using System.Text.RegularExpressions;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Tests.Shared;
using Xunit.Abstractions;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>Three hub processes on one PostgreSQL database: each job that must run once for the whole hub (retention, statistics,
/// reconciliation, alerts) runs in exactly one of them, the others see its lease held; the queue gauges run in each.</summary>
public sealed partial class PeriodicJobLeaderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] OncePerHub = ["retention", "statistics", "reconciliation", "alerts"];
    private PostgresCluster _postgres = null!;
    private AgencySimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        _simulator = await AgencySimulator.StartAsync(HubSettings.Secrets());
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task ThreeHubs_EachOncePerHubJobRanOnce_TheGaugesInEach()
    {
        var connection = await _postgres.CreateDatabaseAsync();
        // Intervals of an hour: within the test each process takes its first turn of each job, and no second.
        var settings = HubSettings.For(_simulator, lease: TimeSpan.FromSeconds(30)).Concat([
            "--Storage:Provider=postgres", $"--Storage:ConnectionString={connection}",
            "--Retention:Interval=01:00:00", "--Statistics:Interval=01:00:00", "--Alerts:Interval=01:00:00", "--Reconciliation:PollInterval=01:00:00",
        ]).ToArray();
        var hubs = new List<HubProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                hubs.Add(await HubProcess.StartAsync(Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N")), settings));
            }

            using var http = new HttpClient();
            var turns = new Dictionary<(string Job, string Outcome), long>[hubs.Count];
            await NumberedAttests.WaitUntilAsync(async () =>
            {
                for (var i = 0; i < hubs.Count; i++)
                {
                    turns[i] = Turns(await http.GetStringAsync(new Uri(hubs[i].BaseAddress, "metrics")));
                }

                return turns.All(hub => OncePerHub.Append("queue-gauges").All(job => hub.Keys.Any(k => k.Job == job)));
            }, TimeSpan.FromSeconds(60), "every process took a turn of every job");

            foreach (var job in OncePerHub)
            {
                long Sum(string outcome) => turns.Sum(hub => hub.GetValueOrDefault((job, outcome)));
                output.WriteLine($"{job}: ran {Sum("ran")}, elsewhere {Sum("elsewhere")}, failed {Sum("failed")}");
                Assert.Equal((1L, 2L, 0L), (Sum("ran"), Sum("elsewhere"), Sum("failed")));
            }

            Assert.All(turns, hub => Assert.True(hub.GetValueOrDefault(("queue-gauges", "ran")) >= 1));
        }
        finally
        {
            hubs.ForEach(hub => hub.Dispose());
        }
    }

    /// <summary>The job turns a process reports at /metrics (Prometheus text), by job and outcome.</summary>
    private static Dictionary<(string Job, string Outcome), long> Turns(string metrics) =>
        TurnLine().Matches(metrics).ToDictionary(
            m => (Label(m.Groups[1].Value, "job"), Label(m.Groups[1].Value, "outcome")),
            m => long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

    private static string Label(string labels, string name) => Regex.Match(labels, $"{name}=\"([^\"]*)\"").Groups[1].Value;

    [GeneratedRegex(@"^statuut_jobs_turns_total\{([^}]*)\} (\d+)", RegexOptions.Multiline)]
    private static partial Regex TurnLine();
}
