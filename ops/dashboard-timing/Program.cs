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
var store = new SqliteHubStore(database);
await store.MigrateAsync(default);

var seed = Stopwatch.StartNew();
var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
await using (var connection = new SqliteConnection($"Data Source={database}"))
{
    await connection.OpenAsync();
    await using var tx = connection.BeginTransaction();
    var template = """{"attestId":"ID","kind":"AMA_WSE","initiative":{"kbo":"0123456749","name":"De Keiberg vzw"},"participant":{"insz":"85073003328","familyName":"Peeters","givenName":"An","birthDate":"1985-07-30","residenceNis":"44021","landsbond":"100"},"benefits":["UNEMPLOYMENT","INCAPACITY","SOCIAL_INTEGRATION"],"activity":{"startDate":"2027-01-04","endDate":"2027-12-31","hoursPerWeek":16,"workplace":"Atelier","expenseAllowancePerDay":4.5}}""";
    string[] statements =
    [
        """
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
        INSERT INTO attests (attest_id, initiative_kbo, insz, start_date, end_date, current_version, first_hash, current_hash, cancelled, created_at, updated_at)
        SELECT printf('%08x-0000-4000-8000-%012x', i, i), CASE WHEN i % 50 = 0 THEN '0417497106' ELSE '0123456749' END,
               printf('%011d', i), '2027-01-04', '2027-12-31', 1, 'seed', 'seed', 0, @now - (i * 378000), @now FROM n
        """,
        """
        INSERT INTO attest_versions (attest_id, version, change, content_json, recorded_at)
        SELECT attest_id, 1, 'Submitted', replace(@template, 'ID', attest_id), created_at FROM attests
        """,
        """
        WITH d(k, destination) AS (VALUES (0, 'rva'), (1, 'mutualiteit-100'), (2, 'ocmw-44021'), (3, 'dimona'))
        INSERT INTO deliveries (message_id, attest_id, version, destination, message_kind, state, attempts, due_at, created_at, updated_at, reference, last_error)
        SELECT printf('%08x-%04x-7000-8000-%012x', a.rowid, d.k, a.rowid), a.attest_id, 1, d.destination, 'Create',
               CASE WHEN a.rowid % 100 = 0 THEN 'DeadLettered' WHEN a.rowid % 100 = 1 THEN 'RetryScheduled' WHEN a.rowid % 100 < 5 THEN 'Sent' ELSE 'Acknowledged' END,
               CASE WHEN a.rowid % 100 < 2 THEN 3 ELSE 1 END, a.created_at, a.created_at, a.created_at, '100000000001',
               CASE WHEN a.rowid % 100 < 2 THEN 'agency answered 503 Service Unavailable: agency down' END
        FROM attests a CROSS JOIN d
        """,
        "INSERT INTO delivery_counters (destination, state, slot, n) SELECT destination, state, 0, COUNT(*) FROM deliveries GROUP BY destination, state",
    ];
    foreach (var sql in statements)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.Parameters.AddWithValue("@count", attests);
        command.Parameters.AddWithValue("@now", now);
        command.Parameters.AddWithValue("@template", template);
        await command.ExecuteNonQueryAsync();
    }

    await tx.CommitAsync();
    await using var analyze = connection.CreateCommand();
    analyze.CommandText = "ANALYZE";
    await analyze.ExecuteNonQueryAsync();
}

Console.WriteLine($"seeded {attests:N0} attests and {attests * 4:N0} deliveries in {seed.Elapsed.TotalSeconds:F0} s");
SqliteConnection.ClearAllPools();

await using var hub = await HubApplication.BuildAsync(
[
    "--urls=http://127.0.0.1:0",
    $"--Storage:DataDirectory={data}",
    "--Simulator:Enabled=false",
    "--Dispatcher:Enabled=false",
    "--Logging:LogLevel:Default=Warning",
    .. new[] { "rva", "mutualiteit", "ocmw", "dimona" }.Select(k => $"--Destinations:{k}:BaseUrl=http://127.0.0.1:9/"),
    .. TestCredentials.Settings(new Dictionary<StatuutHub.Domain.Routing.DestinationKind, string>()),
]);
await hub.StartAsync();
using var client = await TestCredentials.StaffClientAsync(hub.BaseAddress, TestCredentials.OperatorUser, TestCredentials.OperatorPassword);
client.DefaultRequestHeaders.Add("X-Api-Key", TestCredentials.OperatorKey);
var sample = $"{1:x8}-0000-4000-8000-{1:x12}";
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
