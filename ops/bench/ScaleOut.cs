using System.Diagnostics;
using System.Globalization;
using Npgsql;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Bench;

/// <summary>The scale-out model (docs/performance.md): N hub processes on one PostgreSQL database, each given the same
/// share of a fixed, throttled load, so a machine with only two cores can still say what each process and the database
/// spend per attest and how much they wait for each other. For N = 1, 2, 4: CPU per attest of every hub process, of the
/// database server and of the load generator with the agencies; lock waits (backends waiting for a lock, sampled every
/// 100 ms), deadlocks and rolled-back transactions; deliveries sent more than once (a claim collision would show there).
/// Each process's and the database's idle CPU (10 s with no attest) is measured apart, so the loaded CPU splits into a fixed
/// cost per process-second and a marginal cost per attest: the two numbers a projection to more cores needs.
/// Usage: dotnet run -c Release --project ops/bench -- scale-out [--rate 40] [--seconds 30] [--processes 1,2,4]</summary>
public static class ScaleOut
{
    public static async Task<int> RunAsync(string[] args, string example)
    {
        string Get(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        var rate = double.Parse(Get("--rate", "40"), CultureInfo.InvariantCulture);
        var seconds = double.Parse(Get("--seconds", "30"), CultureInfo.InvariantCulture);
        var counts = Get("--processes", "1,2,4").Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
        Console.WriteLine($"scale-out: {rate} attests/s for {seconds} s, shared evenly by N hub processes on one PostgreSQL database; {Environment.ProcessorCount} cores");

        await using var cluster = await PostgresCluster.StartAsync();
        await using var agencies = await AgencySimulator.StartAsync(HubSettings.Secrets());
        agencies.Configure(latency: TimeSpan.FromMilliseconds(5), decisionDelay: TimeSpan.Zero);
        var next = 0;
        HttpContent NextAttest(int _) => Load.Json(NumberedAttests.New(Interlocked.Increment(ref next), example).ToJsonString());
        Console.WriteLine("| processes | attests/s end to end | hub CPU ms/attest (per process) | database CPU ms/attest | idle CPU ms/s: hubs · database | marginal CPU ms/attest: hubs · database | load + agencies CPU ms/attest | lock waiters (mean / max) | deadlocks | rolled back | sent twice |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var n in counts)
        {
            var connection = await cluster.CreateDatabaseAsync();
            var settings = HubSettings.For(agencies, TimeSpan.FromSeconds(30))
                // The product's poll interval (the tests' 50 ms would make every idle process claim 20 times a second);
                // new work wakes the dispatcher of the process that accepted it at once anyway.
                .Concat(["--Storage:Provider=postgres", $"--Storage:ConnectionString={connection}", "--Dispatcher:PollInterval=00:00:00.500"])
                .Concat(BenchOptions.Throughput())
                .ToArray();
            var hubs = new List<HubProcess>();
            try
            {
                for (var i = 0; i < n; i++)
                {
                    hubs.Add(await HubProcess.StartAsync(Path.GetTempPath(), settings));
                }

                agencies.HubBaseUrls = [.. hubs.Select(h => h.BaseAddress)];
                var clients = hubs.Select(h => Load.Client(h.BaseAddress, TestCredentials.InitiativeKey, 32)).ToArray();
                var samplers = hubs.Select(h => new RssSampler(h.ProcessId)).ToArray();
                await using var db = new NpgsqlConnection(connection);
                await db.OpenAsync();

                // Warm-up: every process JIT-compiles its hot paths before the measured load (see the bench's e2e phases).
                await Task.WhenAll(clients.Select(c => Load.OpenLoopAsync(c, "api/v1/attests", NextAttest, rate / n, 10)));
                await WaitForAsync(db, "SELECT COUNT(*) FROM deliveries WHERE state NOT IN ('Acknowledged') AND message_kind <> 'Renew'", TimeSpan.FromMinutes(5));

                // Idle: what the processes and the database spend with no attest at all (polling, leases, gauges), per second,
                // once the tier-up the warm-up set off has finished (a burst keeps the JIT busy for some seconds after it).
                await Task.Delay(TimeSpan.FromSeconds(20));
                var idleHub = samplers.Select(s => s.CpuTime).ToArray();
                var idleDb = cluster.CpuTime;
                await Task.Delay(TimeSpan.FromSeconds(10));
                var hubIdleMsPerSecond = samplers.Select((s, i) => (s.CpuTime - idleHub[i]).TotalMilliseconds / 10).Sum();
                var dbIdleMsPerSecond = (cluster.CpuTime - idleDb).TotalMilliseconds / 10;

                var stats = await StatsAsync(db);
                var hubCpu = samplers.Select(s => s.CpuTime).ToArray();
                var dbCpu = cluster.CpuTime;
                var selfCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var waiters = new List<long>();
                using var sampling = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    await using var watch = new NpgsqlConnection(connection);
                    await watch.OpenAsync();
                    while (!sampling.IsCancellationRequested)
                    {
                        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'", watch);
                        waiters.Add((long)(await count.ExecuteScalarAsync())!);
                        await Task.Delay(100);
                    }
                });
                var clock = Stopwatch.StartNew();
                var runs = await Task.WhenAll(clients.Select(c => Load.OpenLoopAsync(c, "api/v1/attests", NextAttest, rate / n, seconds)));
                await WaitForAsync(db, "SELECT COUNT(*) FROM deliveries WHERE state NOT IN ('Acknowledged') AND message_kind <> 'Renew'", TimeSpan.FromMinutes(10));
                var elapsed = clock.Elapsed.TotalSeconds;
                await sampling.CancelAsync();
                await sampler;
                var attests = runs.Sum(r => r.PerSecond * r.Seconds);
                var after = await StatsAsync(db);
                var perProcess = samplers.Select((s, i) => (s.CpuTime - hubCpu[i]).TotalMilliseconds / attests).ToArray();
                var dbPerAttest = (cluster.CpuTime - dbCpu).TotalMilliseconds / attests;
                // Marginal: the loaded CPU less what the same time would have cost idle.
                var hubMarginal = perProcess.Sum() - (hubIdleMsPerSecond * elapsed / attests);
                var dbMarginal = dbPerAttest - (dbIdleMsPerSecond * elapsed / attests);
                var sentTwice = await ScalarAsync(db, "SELECT COUNT(*) FROM (SELECT delivery_id FROM attempts GROUP BY delivery_id HAVING COUNT(*) > 1) twice");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {n} | {attests / elapsed:F0} | {perProcess.Sum():F2} ({string.Join(" + ", perProcess.Select(p => p.ToString("F2", CultureInfo.InvariantCulture)))}) | {dbPerAttest:F2} | {hubIdleMsPerSecond:F0} · {dbIdleMsPerSecond:F0} | {hubMarginal:F2} · {dbMarginal:F2} | {(Process.GetCurrentProcess().TotalProcessorTime - selfCpu).TotalMilliseconds / attests:F2} | {(waiters.Count == 0 ? 0 : waiters.Average()):F2} / {(waiters.Count == 0 ? 0 : waiters.Max())} | {after.Deadlocks - stats.Deadlocks} | {after.RolledBack - stats.RolledBack} | {sentTwice} |"));
                foreach (var c in clients)
                {
                    c.Dispose();
                }

                foreach (var s in samplers)
                {
                    s.Dispose();
                }
            }
            finally
            {
                hubs.ForEach(h => h.Dispose());
            }
        }

        return 0;
    }

    private static async Task WaitForAsync(NpgsqlConnection db, string remainingSql, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (await ScalarAsync(db, remainingSql) > 0 && clock.Elapsed < deadline)
        {
            await Task.Delay(200);
        }
    }

    private static async Task<(long Deadlocks, long RolledBack)> StatsAsync(NpgsqlConnection db)
    {
        await using var command = new NpgsqlCommand("SELECT deadlocks, xact_rollback FROM pg_stat_database WHERE datname = current_database()", db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    internal static async Task<long> ScalarAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
