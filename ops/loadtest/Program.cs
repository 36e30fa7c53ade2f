using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Demo;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Postgres;
using StatuutHub.Tests.Shared;

// Throughput figures with the simulated agencies answering in 5 ms, on loopback, beside the ceiling
// (a bare endpoint in the same process that reads the same bodies and answers 202):
//   1. accepted attests per second (durable 202s) at the given concurrency, with latency percentiles;
//   2. end-to-end: attests fully Recognised per second, from the first submit to the last decision.
// Usage:
//   bash ops/load.sh [attests=2000] [concurrency=32]                 the hub in this process, embedded SQLite
//   bash ops/load.sh --postgres N [attests=2000] [concurrency=32]    N hub processes on a throwaway PostgreSQL cluster
var postgresProcesses = args.Length > 1 && args[0] == "--postgres" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
var rest = postgresProcesses > 0 ? args[2..] : args;
var attests = rest.Length > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
var concurrency = rest.Length > 1 ? int.Parse(rest[1], System.Globalization.CultureInfo.InvariantCulture) : 32;
var example = File.ReadAllText(Path.Combine(FindRoot(), "schemas", "examples", "attest", "valid", "unemployment-and-leefloon.json"));
var cleanup = new List<Func<ValueTask>>();
HttpClient[] clients;
IHubStore store;
string setup;

if (postgresProcesses > 0)
{
    var cluster = await PostgresCluster.StartAsync();
    cleanup.Add(cluster.DisposeAsync);
    var connection = await cluster.CreateDatabaseAsync();
    var simulator = await AgencySimulator.StartAsync(HubSettings.Secrets());
    cleanup.Add(simulator.DisposeAsync);
    simulator.Configure(latency: TimeSpan.FromMilliseconds(5), decisionDelay: TimeSpan.Zero);
    var settings = HubSettings.For(simulator, TimeSpan.FromSeconds(30)).Concat(["--Storage:Provider=postgres", $"--Storage:ConnectionString={connection}"]).ToArray();
    var hubs = new List<HubProcess>();
    for (var i = 0; i < postgresProcesses; i++)
    {
        hubs.Add(await HubProcess.StartAsync(Path.GetTempPath(), settings));
    }

    cleanup.Add(() => { hubs.ForEach(h => h.Dispose()); return ValueTask.CompletedTask; });
    simulator.HubBaseUrl = hubs[0].BaseAddress;
    clients = hubs.Select(h => TestCredentials.Client(h.BaseAddress, TestCredentials.InitiativeKey)).ToArray();
    var pgStore = new PostgresHubStore(connection, TestPersonalData.Protector());
    cleanup.Add(pgStore.DisposeAsync);
    store = pgStore;
    setup = $"{postgresProcesses} hub process(es) on one PostgreSQL 15 database (simulator in the load process)";
}
else
{
    var data = Path.Combine(Path.GetTempPath(), "statuut-load-" + Guid.NewGuid().ToString("N"));
    var hub = await DemoHub.BuildAsync(
    [
        "--urls=http://127.0.0.1:0",
        $"--Storage:DataDirectory={data}",
        "--Simulator:FirstPort=0",
        "--Simulator:Latency=00:00:00.005",
        "--Simulator:DecisionDelay=00:00:00",
        "--Dispatcher:PollInterval=00:00:00.050",
        "--Logging:LogLevel:Default=Warning",
        .. TestCredentials.NoRateLimit(),
    ]);
    await hub.StartAsync();
    cleanup.Add(async () =>
    {
        await hub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(data, recursive: true);
    });
    clients = [TestCredentials.Client(hub.BaseAddress, StatuutHub.Host.Security.DemoCredentials.InitiativeKey)];
    store = hub.App.Services.GetRequiredService<IHubStore>();
    setup = "1 hub, embedded SQLite, in the load process";
}

var bodies = Enumerable.Range(0, attests).Select(i => NumberedAttests.New(i, example).ToJsonString()).ToArray();
Console.WriteLine($"StatuutHub load test: {setup}; {attests} attests (all four benefits: 4 deliveries each), {concurrency} concurrent clients, agencies at 5 ms, {Environment.ProcessorCount} cores");

// The ceiling: a bare ASP.NET Core endpoint in this same process that reads the same bodies and answers 202.
double ceilingRate;
{
    var bare = WebApplication.CreateSlimBuilder();
    bare.WebHost.UseUrls("http://127.0.0.1:0");
    bare.Logging.ClearProviders();
    await using var ceilingApp = bare.Build();
    ceilingApp.MapPost("/ceiling", async (HttpRequest request) =>
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        return Results.Accepted();
    });
    await ceilingApp.StartAsync();
    using var ceilingClient = new HttpClient { BaseAddress = new Uri(ceilingApp.Urls.First()) };
    var (ceilingSeconds, _, _) = await PostAllAsync([ceilingClient], "ceiling", bodies, concurrency);
    ceilingRate = attests / ceilingSeconds;
    await ceilingApp.StopAsync();
}

var clock = Stopwatch.StartNew();
var (acceptSeconds, latencies, rejected) = await PostAllAsync(clients, "api/v1/attests", bodies, concurrency);

var expected = attests * 4; // unemployment-and-leefloon: VDAB, then the RVA after VDAB's approval, the OCMW, Dimona
var exit = 0;
int acknowledged;
while ((acknowledged = (await store.CountDeliveriesAsync(default))[DeliveryState.Acknowledged]) < expected)
{
    if (clock.Elapsed > TimeSpan.FromMinutes(10))
    {
        Console.WriteLine($"gave up after 10 minutes: {acknowledged}/{expected} deliveries acknowledged");
        exit = 1;
        break;
    }

    await Task.Delay(50);
}

if (exit == 0)
{
    var endToEndSeconds = clock.Elapsed.TotalSeconds;
    Array.Sort(latencies);
    double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))];
    Console.WriteLine();
    Console.WriteLine("| measure | value |");
    Console.WriteLine("|---|---|");
    Console.WriteLine($"| attests accepted (202, durable) | {attests - rejected} of {attests} |");
    Console.WriteLine($"| ceiling: bare endpoint, same bodies, same clients | {ceilingRate:F0} requests/s |");
    Console.WriteLine($"| accept throughput | {(attests - rejected) / acceptSeconds:F0} attests/s ({(attests - rejected) / acceptSeconds / ceilingRate:P0} of the ceiling) |");
    Console.WriteLine($"| accept latency p50 / p95 / p99 | {P(0.50):F1} / {P(0.95):F1} / {P(0.99):F1} ms |");
    Console.WriteLine($"| end-to-end: all {expected} deliveries acknowledged | {endToEndSeconds:F1} s |");
    Console.WriteLine($"| end-to-end throughput | {attests / endToEndSeconds:F0} attests Recognised/s ({expected / endToEndSeconds:F0} deliveries/s) |");
    exit = rejected == 0 ? 0 : 1;
}

foreach (var client in clients)
{
    client.Dispose();
}

for (var i = cleanup.Count - 1; i >= 0; i--)
{
    await cleanup[i]();
}

return exit;

static async Task<(double Seconds, double[] Latencies, int NotAccepted)> PostAllAsync(HttpClient[] clients, string path, string[] bodies, int concurrency)
{
    var latencies = new double[bodies.Length];
    var next = -1;
    var notAccepted = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < bodies.Length)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await clients[i % clients.Length].PostAsync(path, new StringContent(bodies[i], Encoding.UTF8, "application/json"));
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                Interlocked.Increment(ref notAccepted);
            }
        }
    })));
    return (clock.Elapsed.TotalSeconds, latencies, notAccepted);
}

static string FindRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StatuutHub.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}
