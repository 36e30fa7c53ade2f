using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Routing;
using StatuutHub.Tests.Shared;
using Xunit.Abstractions;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>No data loss: the hub is killed with SIGKILL while attests stream in and deliveries are in
/// flight, restarted on the same data, and every attest that got a 202 must still reach every
/// destination of its plan, each message id processed once by the agencies.</summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : SimulatedAgenciesTest
{
    private const int KillAfterAccepted = 120;

    [Fact]
    public async Task KilledMidFlight_EveryAcceptedAttestIsDeliveredEverywhere_EachMessageProcessedOnce()
    {
        var accepted = new ConcurrentBag<Guid>();
        using (var first = await HubProcess.StartAsync(DataDirectory, Settings()))
        {
            Simulator.HubBaseUrl = first.BaseAddress;
            using var client = TestCredentials.Client(first.BaseAddress, TestCredentials.InitiativeKey, TimeSpan.FromSeconds(10));
            using var killed = new CancellationTokenSource();
            var submitters = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !killed.IsCancellationRequested; i++)
                {
                    var attest = NumberedAttests.New((worker * 100_000) + i);
                    try
                    {
                        var response = await client.PostAsync("api/v1/attests", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            accepted.Add(Guid.Parse(attest["attestId"]!.GetValue<string>()));
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return; // the hub is gone
                    }
                }
            })).ToArray();

            await WaitUntilAsync(() => accepted.Count >= KillAfterAccepted, TimeSpan.FromSeconds(60), "enough attests accepted");
            first.KillHard();
            await killed.CancelAsync();
            await Task.WhenAll(submitters);
        }

        var sentBeforeCrash = Simulator.Agencies.Sum(a => a.Received.Count);
        output.WriteLine($"accepted before the kill: {accepted.Count}; messages the agencies had by then: {sentBeforeCrash}");

        using var second = await HubProcess.StartAsync(DataDirectory, Settings());
        Simulator.HubBaseUrl = second.BaseAddress;
        using var reader = TestCredentials.Client(second.BaseAddress, TestCredentials.InitiativeKey);

        var statuses = new Dictionary<Guid, JsonElement>();
        await WaitUntilAsync(async () =>
        {
            foreach (var id in accepted.Where(id => !statuses.ContainsKey(id)).ToArray())
            {
                var status = await reader.GetFromJsonAsync<JsonElement>($"api/v1/attests/{id}");
                if (status.GetProperty("status").GetString() == "Recognised")
                {
                    statuses[id] = status;
                }
            }

            return statuses.Count == accepted.Count;
        }, TimeSpan.FromSeconds(120), "every accepted attest recognised");

        var expectedMessages = 0;
        foreach (var status in statuses.Values)
        {
            // Renewals are planned for next year: not sent yet.
            var deliveries = status.GetProperty("deliveries").EnumerateArray().Where(d => d.GetProperty("message").GetString() != "Renew").ToArray();
            foreach (var delivery in deliveries)
            {
                expectedMessages++;
                Assert.True(Destination.TryParse(delivery.GetProperty("destination").GetString(), out var destination));
                Assert.Contains(delivery.GetProperty("messageId").GetGuid(), (IDictionary<Guid, ReceivedMessage>)Simulator[destination.Kind].Received);
            }

            // The chain held through the kill: the RVA's message went after VDAB's approval and names it.
            var vdabReference = deliveries.Single(d => d.GetProperty("destination").GetString() == "vdab").GetProperty("reference").GetString();
            var rva = Simulator[DestinationKind.Rva].Received[deliveries.Single(d => d.GetProperty("destination").GetString() == "rva").GetProperty("messageId").GetGuid()];
            Assert.Contains($"<regionalPermissionReference>{vdabReference}</regionalPermissionReference>", rva.Body, StringComparison.Ordinal);
        }

        var duplicates = Simulator.Agencies.Sum(a => a.Duplicates);
        output.WriteLine($"accepted: {accepted.Count}; messages expected: {expectedMessages}; distinct messages processed: {Simulator.Agencies.Sum(a => a.Received.Count)}; re-sent after the crash and de-duplicated by the agencies: {duplicates}");
        Assert.Equal(accepted.Count * 4, expectedMessages); // VDAB, RVA, OCMW and Dimona for each unemployment-and-leefloon attest
        Assert.All(Simulator.Agencies, a => Assert.Equal(0, a.Invalid));
    }

    private IEnumerable<string> Settings() => HubSettings.For(Simulator, TimeSpan.FromSeconds(30));

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what) =>
        NumberedAttests.WaitUntilAsync(() => Task.FromResult(condition()), timeout, what);

    private static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        NumberedAttests.WaitUntilAsync(condition, timeout, what);
}
