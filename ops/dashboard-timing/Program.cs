using StatuutHub.Tests.Shared;
using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using StatuutHub.Host.Hosting;
using StatuutHub.Storage.Sqlite;

// Dashboard response times with 1,000,000 deliveries in the embedded store.
// Seeds 250,000 attests × 4 deliveries straight into SQLite (one transaction, generated rows; 1% dead
// letters, 1% retry scheduled, 3% waiting for a decision, the rest acknowledged; one attest every 6.3
// minutes over the last three years, i.e. far more than the ~6,700 a year Flanders has), starts the hub
// on that file, and times each page over HTTP on loopback: the median and the worst of 7 requests after one warm-up.
// Usage: bash ops/dashboard-timing.sh [attests=250000]
var attests = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 250_000;
var data = Path.Combine(Path.GetTempPath(), "statuut-1m-" + Guid.NewGuid().ToString("N"));
var database = Path.Combine(data, "statuut.db");
var seed = Stopwatch.StartNew();
await StatuutHub.Ops.StoreSeed.SeedAsync(database, attests, withFailures: true);
Console.WriteLine($"seeded {attests:N0} attests and {attests * 4:N0} deliveries in {seed.Elapsed.TotalSeconds:F0} s");
SqliteConnection.ClearAllPools();

await using var hub = await HubApplication.BuildAsync(
[
    "--urls=http://127.0.0.1:0",
    $"--Storage:DataDirectory={data}",
    "--Dispatcher:Enabled=false",
    "--Logging:LogLevel:Default=Warning",
    // Nothing is sent (the dispatcher is off): a discard address, no credential, and plain HTTP allowed for that.
    "--Security:AllowInsecureTransport=true",
    .. new[] { "rva", "mutualiteit", "ocmw", "dimona", "vdab" }.SelectMany(k => new[] { $"--Destinations:{k}:BaseUrl=http://127.0.0.1:9/", $"--Destinations:{k}:Authentication:Anonymous=true" }),
    .. TestCredentials.Settings(new Dictionary<StatuutHub.Domain.Routing.DestinationKind, string>()),
]);
await hub.StartAsync();
using var client = await TestCredentials.StaffClientAsync(hub.BaseAddress, TestCredentials.OperatorUser, TestCredentials.OperatorPassword);
client.DefaultRequestHeaders.Add("X-Api-Key", TestCredentials.OperatorKey);
var sample = $"{1:x8}-0000-4000-8000-{1:x12}";

// The sector statistics are a nightly aggregate over every attest: timed once here, then their page and API read the kept report.
var aggregate = Stopwatch.StartNew();
(await client.PostAsync("/api/v1/admin/statistics/refresh", null)).EnsureSuccessStatusCode();
Console.WriteLine($"statistics aggregate over {attests:N0} attests: {aggregate.Elapsed.TotalSeconds:F1} s");
var pages = new (string Name, Func<Task<HttpResponseMessage>> Request)[]
{
    ("overview /", () => client.GetAsync("/")),
    ("deliveries, first page", () => client.GetAsync("/bezorgingen")),
    ("deliveries, page 100 (keyset)", () => client.GetAsync($"/bezorgingen?before={(attests * 4) - 5000}")),
    ("dead letters", () => client.GetAsync("/bezorgingen?state=DeadLettered")),
    ("retry scheduled, one destination", () => client.GetAsync("/bezorgingen?state=RetryScheduled&destination=dimona")),
    ("deliveries of one initiative", () => client.GetAsync("/bezorgingen?initiative=0417497106")),
    ("failures grouped", () => client.GetAsync("/mislukt")),
    ("attest detail", () => client.GetAsync($"/attesten/{sample}")),
    ("delivery detail (message as sent, answers)", () => client.GetAsync("/bezorgingen/12345")),
    ("overview, live part (auto-refresh)", () => client.GetAsync("/?deel=live")),
    ("statistics page", () => client.GetAsync("/statistieken")),
    ("statistics API (JSON)", () => client.GetAsync("/api/v1/statistics")),
    ("statistics CSV", () => client.GetAsync("/api/v1/statistics?format=csv&table=attests")),
    ("admin API overview", () => client.GetAsync("/api/v1/admin/overview")),
    ("admin API search by INSZ", () => client.PostAsJsonAsync("/api/v1/admin/search", new { query = "00000000097" })),
};

Console.WriteLine();
Console.WriteLine("| page | median ms | worst ms |");
Console.WriteLine("|---|---|---|");
foreach (var (name, request) in pages)
{
    (await request()).EnsureSuccessStatusCode();
    var times = new List<double>();
    for (var i = 0; i < 7; i++)
    {
        var clock = Stopwatch.StartNew();
        using var response = await request();
        await response.Content.ReadAsStringAsync();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine($"| {name} | {times[3]:F0} | {times[^1]:F0} |");
}

await hub.App.StopAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(data, recursive: true);
