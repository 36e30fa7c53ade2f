using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Bench;
using StatuutHub.Ops;
using StatuutHub.Tests.Shared;

// ops/bench: throughput, latency and memory of the hub beside the ceiling, in one run (see docs/performance.md).
// The hub runs as its own process (embedded SQLite), so its RSS is its own; the load generator and the
// simulated agencies (answering in 5 ms) run in this process. Phases:
//   ceiling   a bare ASP.NET Core endpoint (its own process, same GC) reading bodies of the same size, 202
//   accept    REST submissions at saturation (closed loop), durable 202s per second; dispatcher off
//   latency   REST at 50% of that rate (open loop, latency from the scheduled send time): p50/p95/p99
//   soap      SOAP 1.1 submissions at saturation
//   e2e       N attests (5 deliveries each) from the first submit to the last decision, dispatcher on
//   e2e-amqp  the same as e2e with Dimona (one message per attest) on an AMQP 1.0 broker instead of HTTP (a RabbitMQ node
//             the bench starts on free ports; skipped when rabbitmq-server is not installed)
//   e2e-sb    the same with Dimona on the Service Bus test endpoint (tests/Shared/Broker), Microsoft's client on both ends
//   accept-pg the accept phase on the scale-out engine: one hub process on a PostgreSQL database (a throwaway cluster the
//             bench starts on a free port, fsync on), the server's CPU measured beside the hub's
//   e2e-pg    the e2e phase on that engine, on a cluster of its own (skipped, as accept-pg, when PostgreSQL is not installed)
//   e2e-1m    the same with 1,000,000 attests already in the store
//   soak      M minutes at 50% of the end-to-end rate on the 1M store: RSS at the start and the end
// Usage: bash ops/bench.sh [--seconds 10] [--concurrency 64] [--attests 10000] [--stored 1000000] [--soak-minutes 10] [--out bench-result.json]
//                          [--phases ceiling,accept,latency,soap,e2e,e2e-amqp,e2e-sb,accept-pg,e2e-pg,e2e-1m]   (a subset, for a quick look)
//                          [--pg-statements]   (after accept-pg and e2e-pg: statements per attest and the most expensive ones, see PgStatements)
//        dotnet run -c Release --project ops/bench -- load HUB-URL KEY SECONDS    (load only, to profile a running hub)
//        dotnet run -c Release --project ops/bench -- scale-out [--rate 40] [--seconds 30] [--processes 1,2,4]   (see ScaleOut)
if (args is ["ceiling-server", var portText])
{
    return await CeilingServer.RunAsync(int.Parse(portText, CultureInfo.InvariantCulture));
}

if (args is ["load", var hubUrl, var key, var secondsText])
{
    // For profiling (dotnet-trace on a running hub): REST submissions of fresh attests at saturation.
    var numbered = File.ReadAllText(Path.Combine(BenchOptions.FindRoot(), "schemas", "examples", "attest", "valid", "unemployment-and-leefloon.json"));
    using var loadClient = Load.Client(new Uri(hubUrl), key, 64);
    var offset = Random.Shared.Next(0, 5_000_000);
    var loaded = await Load.ClosedLoopAsync(loadClient, "api/v1/attests", i => Load.Json(NumberedAttests.New(offset + i, numbered).ToJsonString()), 64, double.Parse(secondsText, CultureInfo.InvariantCulture));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{loaded.PerSecond:F0}/s, {loaded.Errors} errors"));
    return 0;
}

if (args is ["scale-out", ..])
{
    return await ScaleOut.RunAsync(args, File.ReadAllText(Path.Combine(BenchOptions.FindRoot(), "schemas", "examples", "attest", "valid", "unemployment-and-leefloon.json")));
}

var options = BenchOptions.Parse(args);
var root = BenchOptions.FindRoot();
var example = File.ReadAllText(Path.Combine(root, "schemas", "examples", "attest", "valid", "unemployment-and-leefloon.json"));
// The unemployment-and-leefloon example: VDAB, then the RVA once VDAB approved, the OCMW and Dimona.
const int MessagesPerAttest = 4;
var exampleXml = File.ReadAllText(Path.Combine(root, "schemas", "examples", "attest", "valid", "unemployment-and-leefloon.xml"));
var results = new List<PhaseResult>();
var next = 0; // attest numbers are never reused within a run, so no two submissions overlap
int Take(int count) => Interlocked.Add(ref next, count) - count;
Console.WriteLine($"StatuutHub bench: {Environment.ProcessorCount} cores, {options.Seconds} s per rate phase, {options.Concurrency} clients, {options.Attests:N0} attests end-to-end, {options.Stored:N0} stored, soak {options.SoakMinutes} min");

await using var simulator = await AgencySimulator.StartAsync(HubSettings.Secrets());
simulator.Configure(latency: TimeSpan.FromMilliseconds(5), decisionDelay: TimeSpan.Zero);

// 1. The ceiling.
double ceiling = double.NaN;
if (options.Wants("ceiling"))
{
    using var server = CeilingServer.Start();
    using var rss = new RssSampler(server.Id);
    using var client = Load.Client(new Uri($"http://127.0.0.1:{server.Port}/"), key: null, options.Concurrency);
    await server.WaitReadyAsync(client);
    var bodies = Bodies(50_000);
    var cpu = CpuMeter.Start(rss);
    var run = await Load.ClosedLoopAsync(client, "ceiling", i => Load.Json(bodies[i % bodies.Length]), options.Concurrency, options.Seconds);
    ceiling = run.PerSecond;
    results.Add(Measured(new PhaseResult("ceiling", "bare endpoint, same body size", run.PerSecond, run.Latency, rss.PeakMb, run.Errors), cpu, run));
    Progress(results[^1]);
}

// 2–4. Accept rates and latency on an empty store, dispatcher off.
double accept = double.NaN;
if (options.Wants("accept"))
{
    using var data = new TempDirectory();
    using var hub = await HubProcess.StartAsync(data.Path, HubSettings.For(simulator, TimeSpan.FromSeconds(30)).Append("--Dispatcher:Enabled=false"));
    using var rss = new RssSampler(hub.ProcessId);
    using var client = Load.Client(hub.BaseAddress, TestCredentials.InitiativeKey, options.Concurrency);
    using var tiering = new TieringMeter(hub.ProcessId);
    await WarmUpAsync("accept", client, "api/v1/attests", _ => Load.Json(NumberedAttests.New(Take(1), example).ToJsonString()), tiering);
    rss.Reset();
    var cpu = CpuMeter.Start(rss, tiering: tiering);
    var run = await Load.ClosedLoopAsync(client, "api/v1/attests", _ => Load.Json(NumberedAttests.New(Take(1), example).ToJsonString()), options.Concurrency, options.Seconds);
    accept = run.PerSecond;
    results.Add(Measured(new PhaseResult("accept", "REST, durable 202s at saturation", run.PerSecond, run.Latency, rss.PeakMb, run.Errors), cpu, run));
    Progress(results[^1]);

    if (options.Wants("latency"))
    {
    rss.Reset();
    cpu = CpuMeter.Start(rss, tiering: tiering);
    var half = await Load.OpenLoopAsync(client, "api/v1/attests", _ => Load.Json(NumberedAttests.New(Take(1), example).ToJsonString()), accept / 2, options.Seconds);
    results.Add(Measured(new PhaseResult("latency", $"REST at 50% of the accept rate ({accept / 2:F0}/s, open loop)", half.PerSecond, half.Latency, rss.PeakMb, half.Errors), cpu, half));
    Progress(results[^1]);
    }

    if (options.Wants("soap"))
    {
    // The SOAP path has code of its own to compile and tier up: warmed the same way.
    await WarmUpAsync("soap", client, "soap/attest", _ => Load.Soap(SoapEnvelope(Take(1))), tiering);
    rss.Reset();
    cpu = CpuMeter.Start(rss, tiering: tiering);
    var soap = await Load.ClosedLoopAsync(client, "soap/attest", _ => Load.Soap(SoapEnvelope(Take(1))), options.Concurrency, options.Seconds);
    results.Add(Measured(new PhaseResult("soap", "SOAP 1.1, durable answers at saturation", soap.PerSecond, soap.Latency, rss.PeakMb, soap.Errors), cpu, soap));
    Progress(results[^1]);
    }
}

// 5. End to end on an empty store.
double endToEnd = double.NaN;
if (options.Wants("e2e"))
{
    using var data = new TempDirectory();
    var run = await EndToEndAsync(data.Path, "e2e", $"{options.Attests:N0} attests on an empty store, agencies at 5 ms");
    endToEnd = run.PerSecond;
}

// 6. End to end with one destination over the broker.
if (!options.Wants("e2e-amqp"))
{
}
else if (File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server"))
{
    using var data = new TempDirectory();
    await using var broker = await StatuutHub.Tests.Shared.Broker.RabbitBroker.StartAsync();
    await using var onQueues = await AgencySimulator.StartAsync(HubSettings.Secrets());
    onQueues.Configure(latency: TimeSpan.FromMilliseconds(5), decisionDelay: TimeSpan.Zero);
    await onQueues.UseQueuesAsync(broker.Options(), "bench", StatuutHub.Domain.Routing.DestinationKind.Dimona);
    await EndToEndAsync(data.Path, "e2e-amqp", $"{options.Attests:N0} attests on an empty store, Dimona over AMQP 1.0 (RabbitMQ)", agencies: onQueues,
        extra: broker.HubSettings().Select(s => $"--{s.Key}={s.Value}"));
}
else
{
    Console.WriteLine("e2e-amqp skipped: rabbitmq-server is not installed (apt-get install rabbitmq-server)");
}

// 6b. The same with Dimona on the Service Bus test endpoint (tests/Shared/Broker): Microsoft's client in the hub and the agency.
if (options.Wants("e2e-sb"))
{
    using var data = new TempDirectory();
    await using var broker = new StatuutHub.Tests.Shared.Broker.ServiceBusTestBroker();
    broker.Declare(broker.Options().DecisionsQueue, AgencySimulator.QueueOf("bench", StatuutHub.Domain.Routing.DestinationKind.Dimona));
    await using var onQueues = await AgencySimulator.StartAsync(HubSettings.Secrets());
    onQueues.Configure(latency: TimeSpan.FromMilliseconds(5), decisionDelay: TimeSpan.Zero);
    await onQueues.UseQueuesAsync(broker.Options(), "bench", StatuutHub.Domain.Routing.DestinationKind.Dimona);
    await EndToEndAsync(data.Path, "e2e-sb", $"{options.Attests:N0} attests on an empty store, Dimona over Service Bus (the test endpoint)", agencies: onQueues,
        extra: broker.HubSettings().Select(s => $"--{s.Key}={s.Value}"));
}

// 7. The scale-out engine: one hub process on PostgreSQL, accept and end to end.
if (!options.Wants("accept-pg") && !options.Wants("e2e-pg"))
{
}
else if (Directory.Exists("/usr/lib/postgresql"))
{
    IEnumerable<string> OnPostgres(string connection) => ["--Storage:Provider=postgres", $"--Storage:ConnectionString={connection}"];
    // Each phase on a cluster of its own: the server's CPU is measured for the whole cluster, and after accept-pg's tens of
    // thousands of attests its checkpoints and autovacuum went on into e2e-pg (database CPU per e2e-pg attest 8.7–10.8 ms
    // after accept-pg, ~6.0 ms with e2e-pg run alone).
    Task<PostgresCluster> FreshClusterAsync() => PostgresCluster.StartAsync(options.PgStatements ? [PgStatements.Preload] : []);
    if (options.Wants("accept-pg"))
    {
        await using var cluster = await FreshClusterAsync();
        using var data = new TempDirectory();
        var database = await cluster.CreateDatabaseAsync();
        using var hub = await HubProcess.StartAsync(data.Path, HubSettings.For(simulator, TimeSpan.FromSeconds(30))
            .Concat(OnPostgres(database)).Append("--Dispatcher:Enabled=false"));
        using var rss = new RssSampler(hub.ProcessId);
        using var client = Load.Client(hub.BaseAddress, TestCredentials.InitiativeKey, options.Concurrency);
        using var tiering = new TieringMeter(hub.ProcessId);
        await WarmUpAsync("accept-pg", client, "api/v1/attests", _ => Load.Json(NumberedAttests.New(Take(1), example).ToJsonString()), tiering);
        rss.Reset();
        var cpu = CpuMeter.Start(rss, () => cluster.CpuTime, tiering);
        var run = await Load.ClosedLoopAsync(client, "api/v1/attests", _ => Load.Json(NumberedAttests.New(Take(1), example).ToJsonString()), options.Concurrency, options.Seconds);
        results.Add(Measured(new PhaseResult("accept-pg", "REST, durable 202s at saturation, one process on PostgreSQL", run.PerSecond, run.Latency, rss.PeakMb, run.Errors), cpu, run));
        Progress(results[^1]);
        if (options.PgStatements)
        {
            await PgStatements.ReportAsync(database, "accept-pg");
        }
    }

    if (options.Wants("e2e-pg"))
    {
        await using var cluster = await FreshClusterAsync();
        using var data = new TempDirectory();
        var database = await cluster.CreateDatabaseAsync();
        await EndToEndAsync(data.Path, "e2e-pg", $"{options.Attests:N0} attests on an empty PostgreSQL database, one process", extra: OnPostgres(database),
            database: () => cluster.CpuTime);
        if (options.PgStatements)
        {
            await PgStatements.ReportAsync(database, "e2e-pg");
        }
    }
}
else
{
    Console.WriteLine("accept-pg and e2e-pg skipped: PostgreSQL is not installed (apt-get install postgresql)");
}

// 8–9. End to end with 1,000,000 attests stored, then the soak on that store.
if (options.Wants("e2e-1m"))
{
    using var data = new TempDirectory();
    var seeding = Stopwatch.StartNew();
    Console.WriteLine($"seeding {options.Stored:N0} attests ({options.Stored * 4:N0} deliveries)...");
    await StoreSeed.SeedAsync(Path.Combine(data.Path, "statuut.db"), options.Stored, withFailures: false);
    Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F0} s");
    await EndToEndAsync(data.Path, "e2e-1m", $"{options.Attests:N0} attests with {options.Stored:N0} stored", soakRate: endToEnd / 2);
}

// The report.
Console.WriteLine();
Console.WriteLine("| phase | what | rate /s | p50 ms | p95 ms | p99 ms | peak RSS MB | CPU ms/item: server | of which tier-up JIT | CPU ms/item: database | CPU ms/item: load + agencies | errors |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Phase} | {r.What} | {r.PerSecond:F0} | {r.Latency?.P50:F1} | {r.Latency?.P95:F1} | {r.Latency?.P99:F1} | {r.PeakRssMb:F0} | {r.HubCpuMs:F2} | {r.TieringCpuMs:F2} | {r.DatabaseCpuMs:F2} | {r.LoadCpuMs:F2} | {r.Errors} |"));
}

double RateOf(string phase) => results.SingleOrDefault(r => r.Phase == phase)?.PerSecond ?? double.NaN;
var ratios = new Dictionary<string, double>
{
    ["accept / ceiling"] = accept / ceiling,
    ["soap / ceiling"] = RateOf("soap") / ceiling,
    ["e2e attests / ceiling"] = endToEnd / ceiling,
    [$"e2e with {options.Stored:N0} stored / e2e empty"] = RateOf("e2e-1m") / endToEnd,
};
if (results.SingleOrDefault(r => r.Phase == "e2e") is { HubCpuMs: > 0 } e2e)
{
    ratios["e2e attests per hub CPU-second"] = 1000 / e2e.HubCpuMs;
}

ratios["PostgreSQL / SQLite: accept"] = RateOf("accept-pg") / accept;
ratios["PostgreSQL / SQLite: e2e"] = RateOf("e2e-pg") / endToEnd;

foreach (var missing in ratios.Where(r => !double.IsFinite(r.Value)).Select(r => r.Key).ToList())
{
    ratios.Remove(missing); // a phase this run left out (--phases)
}

var soak = results.SingleOrDefault(r => r.Phase == "soak");
Console.WriteLine();
if (results.SingleOrDefault(r => r.Phase == "e2e-amqp") is { } overAmqp)
{
    ratios["e2e with Dimona over AMQP / e2e over HTTP"] = overAmqp.PerSecond / endToEnd;
}

if (results.SingleOrDefault(r => r.Phase == "e2e-sb") is { } overServiceBus)
{
    ratios["e2e with Dimona over Service Bus / e2e over HTTP"] = overServiceBus.PerSecond / endToEnd;
}

foreach (var (name, value) in ratios)
{
    var shown = name.EndsWith("CPU-second", StringComparison.Ordinal) ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("P0", CultureInfo.InvariantCulture);
    Console.WriteLine($"{name}: {shown}");
}

if (soak?.Soak is { } s)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: RSS {s.StartMb:F0} MB after warm-up → {s.EndMb:F0} MB after {options.SoakMinutes} min (peak {soak.PeakRssMb:F0} MB, {s.EndMb - s.StartMb:+0;-0} MB)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak RSS per minute (MB): {string.Join(", ", s.PerMinuteMb.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))}"));
}

var json = new JsonObject
{
    ["at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
    ["machine"] = new JsonObject { ["cores"] = Environment.ProcessorCount, ["os"] = Environment.OSVersion.ToString(), ["runtime"] = Environment.Version.ToString() },
    ["options"] = JsonSerializer.SerializeToNode(options),
    ["phases"] = JsonSerializer.SerializeToNode(results),
    ["ratios"] = JsonSerializer.SerializeToNode(ratios),
};
await File.WriteAllTextAsync(options.Out, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"results written to {Path.GetFullPath(options.Out)}");
return results.Any(r => r.Errors > 0) ? 1 : 0;

// Warm-up of a rate phase: closed-loop rounds of 2 s until one keeps the hub's tier-up thread busy for less than 2 % of it (at
// most 10 rounds), for the reason the end-to-end phases warm up in rounds (below). With one round of 2 s, as before 2026-12-06,
// the JIT and the runtime were two fifths of the hub's samples in the measured part of accept-pg, which has the most code to
// compile (Npgsql's), so the phases' ratios compared start-ups as much as steady states.
async Task WarmUpAsync(string phase, HttpClient client, string path, Func<int, HttpContent> body, TieringMeter tiering)
{
    var (rounds, roundTiering) = await WarmUntilTieredUpAsync(tiering, 10, () => Load.ClosedLoopAsync(client, path, body, options.Concurrency, 2));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase}: warm after {rounds} round(s) of 2 s (tier-up JIT {roundTiering.TotalMilliseconds:F0} ms in the last)"));
}

// Warm-up rounds until one keeps the hub's tier-up thread busy for less than 2 % of the round's time (at most maxRounds):
// how many ran, and what the tier-up used in the last.
static async Task<(int Rounds, TimeSpan LastTiering)> WarmUntilTieredUpAsync(TieringMeter tiering, int maxRounds, Func<Task> round)
{
    for (var rounds = 1; ; rounds++)
    {
        var roundClock = Stopwatch.StartNew();
        var tieringBefore = tiering.CpuTime;
        await round();
        var roundTiering = tiering.CpuTime - tieringBefore;
        if (roundTiering < roundClock.Elapsed * 0.02 || rounds == maxRounds)
        {
            return (rounds, roundTiering);
        }
    }
}

async Task<LoadRun> EndToEndAsync(string dataDirectory, string phase, string what, double? soakRate = null, AgencySimulator? agencies = null, IEnumerable<string>? extra = null,
    Func<TimeSpan>? database = null)
{
    agencies ??= simulator;
    using var hub = await HubProcess.StartAsync(dataDirectory, HubSettings.For(agencies, TimeSpan.FromSeconds(30)).Concat(BenchOptions.Throughput()).Concat(extra ?? []));
    agencies.HubBaseUrl = hub.BaseAddress;
    using var rss = new RssSampler(hub.ProcessId);
    using var client = Load.Client(hub.BaseAddress, TestCredentials.InitiativeKey, options.Concurrency);
    using var admin = Load.Client(hub.BaseAddress, TestCredentials.OperatorKey, 2);
    // Warm-up: a fresh process spends its first tens of seconds JIT-compiling and tiering up its hot paths, which a hub in use
    // has long done. The runtime recompiles a method once it has been called often enough, so the tier-up goes on only while
    // load comes: rounds of 1 attest in 8 (at most 500) go through until a round keeps the tier-up thread busy for less than
    // 2 % of its time (at most 12 rounds). With one round only, as before 2026-12-06, the tier-up thread alone was a quarter
    // of the hub's CPU in the measured phase.
    using var tiering = new TieringMeter(hub.ProcessId);
    var warmUp = Math.Min(500, options.Attests / 8);
    var before = await AcknowledgedAsync(admin);
    var (rounds, roundTiering) = await WarmUntilTieredUpAsync(tiering, 12, async () =>
    {
        var warmFirst = Take(warmUp);
        await Load.CountedAsync(client, "api/v1/attests", i => Load.Json(NumberedAttests.New(warmFirst + i, example).ToJsonString()), options.Concurrency, warmUp);
        await WaitForAcknowledgedAsync(admin, before + (warmUp * MessagesPerAttest), TimeSpan.FromMinutes(5));
        before = await AcknowledgedAsync(admin);
    });

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phase}: warm after {rounds} round(s) of {warmUp} attests (tier-up JIT {roundTiering.TotalMilliseconds:F0} ms in the last)"));
    var first = Take(options.Attests);
    var clock = Stopwatch.StartNew();
    var cpu = CpuMeter.Start(rss, database, tiering);
    var submitted = await Load.CountedAsync(client, "api/v1/attests", i => Load.Json(NumberedAttests.New(first + i, example).ToJsonString()), options.Concurrency, options.Attests);
    await WaitForAcknowledgedAsync(admin, before + (options.Attests * MessagesPerAttest), TimeSpan.FromMinutes(15) - clock.Elapsed);
    var acknowledged = await AcknowledgedAsync(admin) - before;
    var run = new LoadRun(options.Attests / clock.Elapsed.TotalSeconds, submitted.Latency, submitted.Errors + (acknowledged < options.Attests * MessagesPerAttest ? 1 : 0), clock.Elapsed.TotalSeconds);
    results.Add(Measured(new PhaseResult(phase, $"{what}: {acknowledged:N0} deliveries acknowledged in {clock.Elapsed.TotalSeconds:F1} s (submit {submitted.PerSecond:F0}/s)", run.PerSecond, submitted.Latency, rss.PeakMb, run.Errors), cpu, run));
    Progress(results[^1]);

    if (soakRate is { } rate && options.SoakMinutes > 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: {options.SoakMinutes} min at {rate:F0} attests/s..."));
        var warm = await Load.OpenLoopAsync(client, "api/v1/attests", _ => Load.Json(NumberedAttests.New(Take(1), example).ToJsonString()), rate, 30);
        var start = rss.CurrentMb;
        rss.Reset();
        var soakCpu = CpuMeter.Start(rss);
        LoadRun soaked;
        var trend = new List<double>();
        using (new Timer(_ => { lock (trend) { trend.Add(Math.Round(rss.CurrentMb, 1)); } }, null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)))
        {
            soaked = await Load.OpenLoopAsync(client, "api/v1/attests", _ => Load.Json(NumberedAttests.New(Take(1), example).ToJsonString()), rate, options.SoakMinutes * 60);
        }

        var end = rss.CurrentMb;
        results.Add(Measured(new PhaseResult("soak", $"{options.SoakMinutes} min at {rate:F0} attests/s (50% of end-to-end) on the 1M store", soaked.PerSecond, soaked.Latency, rss.PeakMb, soaked.Errors + warm.Errors, new SoakRss(start, end, [.. trend])), soakCpu, soaked));
        Progress(results[^1]);
    }

    return run;
}

// Polled once a second (every 100 ms near the end), and from the counters (the deliveries page filtered on one state takes its
// total from them): the overview's last-day buckets join every attest of the day with its deliveries, which on PostgreSQL cost
// the database ~77 ms a call with 3,000 attests stored, a tenth of its CPU in an e2e-pg run; the bench must not become the load it measures.
static async Task WaitForAcknowledgedAsync(HttpClient admin, long expected, TimeSpan deadline)
{
    var clock = Stopwatch.StartNew();
    var start = await AcknowledgedAsync(admin);
    long done;
    while ((done = await AcknowledgedAsync(admin)) < expected && clock.Elapsed < deadline)
    {
        await Task.Delay(done - start > (expected - start) * 0.95 ? 100 : 1000);
    }
}

static async Task<long> AcknowledgedAsync(HttpClient admin)
{
    var page = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(admin, "api/v1/admin/deliveries?state=Acknowledged&pageSize=1");
    return page.GetProperty("total").GetInt64();
}

string[] Bodies(int count) => Enumerable.Range(0, count).Select(i => NumberedAttests.New(i, example).ToJsonString()).ToArray();

string SoapEnvelope(int n)
{
    var json = NumberedAttests.New(n, example);
    var xml = Regex.Replace(exampleXml, @"^<\?xml[^>]*\?>\s*", string.Empty);
    xml = Regex.Replace(xml, "<attestId>[^<]+</attestId>", $"<attestId>{json["attestId"]}</attestId>");
    xml = Regex.Replace(xml, "<insz>[^<]+</insz>", $"<insz>{json["participant"]!["insz"]}</insz>");
    xml = Regex.Replace(xml, "<birthDate>[^<]+</birthDate>", $"<birthDate>{json["participant"]!["birthDate"]}</birthDate>");
    return $"<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><SubmitAttestRequest xmlns=\"urn:be:statuuthub:soap:v1\">{xml}</SubmitAttestRequest></s:Body></s:Envelope>";
}

static PhaseResult Measured(PhaseResult result, CpuMeter cpu, LoadRun run)
{
    var (hub, load, database, tiering) = cpu.PerItem(run.PerSecond * run.Seconds);
    return result with { HubCpuMs = hub, LoadCpuMs = load, DatabaseCpuMs = database, TieringCpuMs = tiering };
}

static void Progress(PhaseResult r) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Phase,-8} {r.PerSecond,8:F0}/s  p50/p95/p99 {r.Latency?.P50:F1}/{r.Latency?.P95:F1}/{r.Latency?.P99:F1} ms  peak RSS {r.PeakRssMb:F0} MB  CPU/item hub {r.HubCpuMs:F2} ms (tier-up JIT {r.TieringCpuMs:F2}), database {r.DatabaseCpuMs:F2} ms, load+agencies {r.LoadCpuMs:F2} ms  errors {r.Errors}  ({r.What})"));
