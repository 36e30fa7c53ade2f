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
}
