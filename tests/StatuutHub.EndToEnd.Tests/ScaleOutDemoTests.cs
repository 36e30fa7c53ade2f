using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Routing;
using StatuutHub.Tests.Shared;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>The scale-out demo as ops/scale-out.sh runs it: the simulated agencies on their own (demo credentials, posting
/// decisions to every hub in turn) and two demo hubs (<c>Simulator:Mode=external</c>) on one PostgreSQL database. Both hubs
/// accept the README's demo keys, and with the first hub gone the second one takes the decisions.</summary>
public sealed class ScaleOutDemoTests : IAsyncLifetime
{
    // Published in README.md: the demo keys every demo hub accepts.
    private const string DemoInitiativeKey = "DEMO-ONLY-initiative-0123456749";

    private PostgresCluster _postgres = null!;
    private AgencySimulator _agencies = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        _agencies = await AgencySimulator.StartAsync(Enum.GetValues<DestinationKind>().ToDictionary(k => k, k => $"DEMO-ONLY-agency-{Destination.KindName(k)}"));
        _agencies.Configure(TimeSpan.Zero, TimeSpan.Zero);
    }

    public async Task DisposeAsync()
    {
        await _agencies.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task TwoDemoHubs_BothAcceptTheDemoKeys_AndDecisionsReachTheDatabaseWhicheverHubIsUp()
    {
        var connection = await _postgres.CreateDatabaseAsync();
        // The simulator here picks free ports; the script's agencies sit at fixed ones (Simulator:FirstPort), so name them
        // (addresses and token endpoints; the command line wins over the demo's defaults).
        string[] settings =
        [
            "--Simulator:Mode=external", "--Storage:Provider=postgres", $"--Storage:ConnectionString={connection}",
            "--Dispatcher:PollInterval=00:00:00.050", "--Dispatcher:LeaseDuration=00:00:05",
            .. _agencies.HubSettings().Select(s => $"--{s.Key}={s.Value}"),
        ];
        using var first = await HubProcess.StartAsync(Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N")), settings, program: HubProcess.Demo);
        using var second = await HubProcess.StartAsync(Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N")), settings, program: HubProcess.Demo);
        _agencies.HubBaseUrls = [first.BaseAddress, second.BaseAddress];
        using var toFirst = TestCredentials.Client(first.BaseAddress, DemoInitiativeKey);
        using var toSecond = TestCredentials.Client(second.BaseAddress, DemoInitiativeKey);

        var a = NumberedAttests.StartingSoon(1);
        var b = NumberedAttests.StartingSoon(2);
        Assert.Equal(HttpStatusCode.Accepted, (await toFirst.PostAsync("api/v1/attests", Json(a))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await toSecond.PostAsync("api/v1/attests", Json(b))).StatusCode);
        first.KillHard();

        // Whatever the first hub had not sent yet, the second sends once its lease ends; every decision now reaches the second.
        foreach (var id in new[] { a["attestId"]!.GetValue<string>(), b["attestId"]!.GetValue<string>() })
        {
            var last = default(JsonElement);
            try
            {
                await NumberedAttests.WaitUntilAsync(
                    async () => (last = await toSecond.GetFromJsonAsync<JsonElement>($"api/v1/attests/{id}")).GetProperty("status").GetString() == "Recognised",
                    TimeSpan.FromMinutes(1), $"attest {id} Recognised through the second hub");
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message}; last status: {last}", ex);
            }
        }
    }

    private static StringContent Json(System.Text.Json.Nodes.JsonObject attest) => new(attest.ToJsonString(), Encoding.UTF8, "application/json");
}
