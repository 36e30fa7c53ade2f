using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Tests.Shared;
using Xunit.Abstractions;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>The PostgreSQL server stopped and started again while a hub accepts and delivers: while it is down the hub answers
/// 503 with Retry-After (never a half-written attest), it recovers by itself, and every attest it accepted is recognised.</summary>
public sealed class PostgresOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private PostgresCluster _postgres = null!;
    private AgencySimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        _simulator = await AgencySimulator.StartAsync(HubSettings.Secrets());
        _simulator.Configure(TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task ThePostgresServerStoppedAndRestarted_TheHubAnswers503ThenRecovers_AndNothingAcceptedIsLost()
    {
        var connection = await _postgres.CreateDatabaseAsync();
        var settings = HubSettings.For(_simulator, lease: TimeSpan.FromSeconds(5))
            .Concat(["--Storage:Provider=postgres", $"--Storage:ConnectionString={connection};Timeout=3"]).ToArray();
        using var hub = await HubProcess.StartAsync(Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N")), settings);
        _simulator.HubBaseUrl = hub.BaseAddress;
        using var client = TestCredentials.Client(hub.BaseAddress, TestCredentials.InitiativeKey, TimeSpan.FromSeconds(30));
        var accepted = new List<string>();
        async Task<HttpStatusCode> SubmitAsync(int n)
        {
            var attest = NumberedAttests.New(n);
            using var answer = await client.PostAsync("api/v1/attests", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
            if (answer.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add(attest["attestId"]!.GetValue<string>());
            }
            else if (answer.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                Assert.True(answer.Headers.RetryAfter is not null, "503 without Retry-After");
                Assert.Equal("STORE_UNAVAILABLE", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            }

            return answer.StatusCode;
        }

        for (var n = 0; n < 10; n++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(n));
        }

        await _postgres.StopAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await SubmitAsync(100));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("health/ready")).StatusCode);

        await _postgres.RestartAsync();
        var n2 = 200;
        await NumberedAttests.WaitUntilAsync(async () => await SubmitAsync(n2++) == HttpStatusCode.Accepted, TimeSpan.FromSeconds(60), "the hub accepting again");
        for (var n = 300; n < 310; n++)
        {
            Assert.Equal(HttpStatusCode.Accepted, await SubmitAsync(n));
        }

        output.WriteLine($"{accepted.Count} accepted around the outage");
        foreach (var id in accepted)
        {
            await NumberedAttests.WaitUntilAsync(
                async () => (await client.GetFromJsonAsync<JsonElement>($"api/v1/attests/{id}")).GetProperty("status").GetString() == "Recognised",
                TimeSpan.FromMinutes(2), $"attest {id} Recognised");
        }
    }

    [Fact]
    public async Task ADumpTakenUnderLoad_Restores_AndTheRestoredHubRecognisesEveryAttestItHolds()
    {
        var original = await _postgres.CreateDatabaseAsync();
        string[] quickReconciliation = [.. Enum.GetValues<StatuutHub.Domain.Routing.DestinationKind>().SelectMany(k => new[]
        {
            $"--Destinations:{StatuutHub.Domain.Routing.Destination.KindName(k)}:ReconcileAfter=00:00:02",
            $"--Destinations:{StatuutHub.Domain.Routing.Destination.KindName(k)}:ReconcileInterval=00:00:02",
        }), "--Reconciliation:PollInterval=00:00:01"];
        string[] Settings(string connection) => [.. HubSettings.For(_simulator, lease: TimeSpan.FromSeconds(5)), "--Storage:Provider=postgres", $"--Storage:ConnectionString={connection}", .. quickReconciliation];
        var dump = Path.Combine(Path.GetTempPath(), $"statuut-{Guid.NewGuid():N}.dump");
        var ids = Enumerable.Range(0, 40).Select(i => NumberedAttests.New(50_000 + i)).ToList();
        var accepted = 0;
        using (var hub = await HubProcess.StartAsync(Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N")), Settings(original)))
        {
            _simulator.HubBaseUrl = hub.BaseAddress;
            using var client = TestCredentials.Client(hub.BaseAddress, TestCredentials.InitiativeKey, TimeSpan.FromSeconds(30));
            var load = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                foreach (var attest in ids.Where((_, i) => i % 4 == worker))
                {
                    var response = await client.PostAsync("api/v1/attests", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    Interlocked.Increment(ref accepted);
                }
            })));
            await NumberedAttests.WaitUntilAsync(() => Task.FromResult(Volatile.Read(ref accepted) >= 10), TimeSpan.FromSeconds(60), "10 attests accepted");
            await _postgres.DumpAsync(original, dump); // online, while the submitters go on
            await load;
        }

        var restored = await _postgres.CreateDatabaseAsync();
        await _postgres.RestoreAsync(dump, restored);
        File.Delete(dump);
        var held = new List<string>();
        await using (var db = new Npgsql.NpgsqlConnection(restored))
        {
            await db.OpenAsync();
            await using var read = new Npgsql.NpgsqlCommand("SELECT attest_id FROM attests", db);
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                held.Add(rows.GetGuid(0).ToString("D"));
            }
        }

        Assert.InRange(held.Count, 10, ids.Count);
        using var again = await HubProcess.StartAsync(Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N")), Settings(restored));
        _simulator.HubBaseUrl = again.BaseAddress;
        using var reader = TestCredentials.Client(again.BaseAddress, TestCredentials.InitiativeKey, TimeSpan.FromSeconds(30));
        var recognised = new HashSet<string>();
        await NumberedAttests.WaitUntilAsync(async () =>
        {
            foreach (var id in held.Where(id => !recognised.Contains(id)))
            {
                if ((await reader.GetFromJsonAsync<JsonElement>($"api/v1/attests/{id}")).GetProperty("status").GetString() == "Recognised")
                {
                    recognised.Add(id);
                }
            }

            return recognised.Count == held.Count;
        }, TimeSpan.FromSeconds(120), "every attest the dump holds recognised by the restored hub");
        output.WriteLine($"accepted: {accepted}; held by the dump: {held.Count}; recognised after the restore: {recognised.Count}; " +
            $"sent again and recognised by message id at the agencies: {_simulator.Agencies.Sum(a => a.Duplicates)}");
    }
}
