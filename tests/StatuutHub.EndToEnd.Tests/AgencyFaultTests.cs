using System.Net.Http.Json;
using System.Text.Json;
using StatuutHub.Tests.Shared;
using Xunit.Abstractions;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>Agencies that fail below HTTP: one resets every connection, one accepts and never answers. Each failure is classified as
/// transient, retried within the budget, then dead-lettered with a reason a person can read; the other destinations are untouched.</summary>
public sealed class AgencyFaultTests(ITestOutputHelper output) : SimulatedAgenciesTest
{
    [Fact]
    public async Task AnAgencyThatResetsOrHangs_IsRetried_ThenDeadLetteredWithAReadableReason()
    {
        using var resetting = new MisbehavingAgency(hang: false);
        using var hanging = new MisbehavingAgency(hang: true);
        string[] faults =
        [
            $"--Destinations:ocmw:BaseUrl={resetting.BaseUrl}", $"--Destinations:vdab:BaseUrl={hanging.BaseUrl}",
            .. new[] { "ocmw", "vdab" }.SelectMany(k => new[]
            {
                $"--Destinations:{k}:MaxAttempts=2", $"--Destinations:{k}:AttemptTimeout=00:00:00.300", $"--Destinations:{k}:CircuitMinimumThroughput=1000",
            }),
        ];
        using var hub = await HubProcess.StartAsync(DataDirectory, HubSettings.For(Simulator, TimeSpan.FromSeconds(30)).Concat(faults));
        Simulator.HubBaseUrl = hub.BaseAddress;
        using var client = TestCredentials.Client(hub.BaseAddress, TestCredentials.InitiativeKey);
        var attest = NumberedAttests.New(5);
        attest["benefits"] = new System.Text.Json.Nodes.JsonArray("UNEMPLOYMENT", "SOCIAL_INTEGRATION");
        var response = await client.PostAsync("api/v1/attests", new StringContent(attest.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);

        JsonElement[] deliveries = [];
        await NumberedAttests.WaitUntilAsync(async () =>
        {
            deliveries = (await client.GetFromJsonAsync<JsonElement>($"api/v1/attests/{attest["attestId"]}")).GetProperty("deliveries").EnumerateArray().ToArray();
            return deliveries.Where(d => d.GetProperty("destination").GetString() is "ocmw-44021" or "vdab").All(d => d.GetProperty("state").GetString() == "DeadLettered")
                && deliveries.Single(d => d.GetProperty("destination").GetString() == "dimona").GetProperty("state").GetString() == "Acknowledged";
        }, TimeSpan.FromSeconds(60), "the misbehaving agencies' deliveries dead-lettered, Dimona's acknowledged");

        string Error(string destination) => deliveries.Single(d => d.GetProperty("destination").GetString() == destination).GetProperty("lastError").GetString()!;
        output.WriteLine($"reset: {Error("ocmw-44021")}\nhang: {Error("vdab")}\nconnections: reset {resetting.Connections}, hang {hanging.Connections}");
        Assert.StartsWith("retry budget of 2 attempts spent; last error: agency unreachable", Error("ocmw-44021"), StringComparison.Ordinal);
        Assert.Contains("reset", Error("ocmw-44021"), StringComparison.OrdinalIgnoreCase); // the socket's own words
        Assert.Equal("retry budget of 2 attempts spent; last error: the agency did not answer within 0.3 s (AttemptTimeout)", Error("vdab"));
        Assert.All(new[] { deliveries.Single(d => d.GetProperty("destination").GetString() == "ocmw-44021"), deliveries.Single(d => d.GetProperty("destination").GetString() == "vdab") },
            d => Assert.Equal(2, d.GetProperty("attempts").GetInt32()));
        Assert.True(resetting.Connections >= 2 && hanging.Connections >= 2, "each attempt reached the agency");
    }
}
