using System.Collections.Concurrent;
using System.Text.Json;
using StatuutHub.Domain.Routing;
using StatuutHub.Tests.Shared;
using StatuutHub.Tests.Shared.Broker;
using Xunit.Abstractions;

namespace StatuutHub.EndToEnd.Tests.Broker;

/// <summary>Nothing lost and nothing applied twice when the broker or the hub goes away mid-stream: VDAB, the OCMW and Dimona on the
/// broker, the others on HTTP.</summary>
public abstract class BrokerFaultTests(ITestBroker broker, ITestOutputHelper output) : BrokerChannelTest(broker)
{
    private static readonly DestinationKind[] OnTheBroker = [DestinationKind.Vdab, DestinationKind.Ocmw, DestinationKind.Dimona];

    [Fact]
    public async Task BrokerStoppedMidStream_AndStartedAgain_EveryAttestRecognised_EachDecisionAppliedOnce()
    {
        await UseQueuesAsync(OnTheBroker);
        using var hub = await HubProcess.StartAsync(DataDirectory, Settings(QuickCircuits()));
        Simulator.HubBaseUrl = hub.BaseAddress;
        using var client = TestCredentials.Client(hub.BaseAddress, TestCredentials.InitiativeKey);

        var accepted = new List<Guid>();
        for (var i = 0; i < 15; i++)
        {
            accepted.Add((await SubmitAsync(client, NumberedAttests.New(i)))!.Value);
        }

        await NumberedAttests.WaitUntilAsync(() => Task.FromResult(Simulator[DestinationKind.Dimona].Received.Count > 0), TimeSpan.FromSeconds(30), "the first message over the broker");
        await Broker.StopAsync();
        for (var i = 15; i < 30; i++)
        {
            accepted.Add((await SubmitAsync(client, NumberedAttests.New(i)))!.Value); // intake does not need the broker
        }

        var beforeRestart = OnTheBroker.Sum(k => Simulator[k].Received.Count);
        await Broker.RestartAsync();
        var statuses = await RecognisedAsync(client, accepted, TimeSpan.FromSeconds(120));

        var messages = AssertEveryMessageReceived(statuses.Values);
        Assert.Equal(30 * 4, messages);
        AssertEachDecisionAppliedOnce(statuses.Values);
        output.WriteLine($"messages over the broker before the restart: {beforeRestart}; after: {OnTheBroker.Sum(k => Simulator[k].Received.Count)}; " +
            $"duplicates the agencies recognised by message id: {Simulator.Agencies.Sum(a => a.Duplicates)}");
    }

    [Fact]
    public async Task HubKilledWithMessagesInFlight_EveryAcceptedAttestRecognised_DuplicatesRecognisedByMessageId()
    {
        await UseQueuesAsync(OnTheBroker);
        var accepted = new ConcurrentBag<Guid>();
        using (var first = await HubProcess.StartAsync(DataDirectory, Settings()))
        {
            Simulator.HubBaseUrl = first.BaseAddress;
            using var client = TestCredentials.Client(first.BaseAddress, TestCredentials.InitiativeKey, TimeSpan.FromSeconds(10));
            using var killed = new CancellationTokenSource();
            var submitters = Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !killed.IsCancellationRequested; i++)
                {
                    try
                    {
                        if (await SubmitAsync(client, NumberedAttests.New((worker * 100_000) + i)) is { } id)
                        {
                            accepted.Add(id);
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return; // the hub is gone
                    }
                }
            })).ToArray();

            await NumberedAttests.WaitUntilAsync(() => Task.FromResult(accepted.Count >= 60 && Simulator[DestinationKind.Vdab].Received.Count > 10),
                TimeSpan.FromSeconds(60), "attests accepted and messages on the broker");
            first.KillHard();
            await killed.CancelAsync();
            await Task.WhenAll(submitters);
        }

        using var second = await HubProcess.StartAsync(DataDirectory, Settings());
        Simulator.HubBaseUrl = second.BaseAddress;
        using var reader = TestCredentials.Client(second.BaseAddress, TestCredentials.InitiativeKey);
        var statuses = await RecognisedAsync(reader, accepted.ToArray(), TimeSpan.FromSeconds(120));

        Assert.Equal(accepted.Count * 4, AssertEveryMessageReceived(statuses.Values));
        AssertEachDecisionAppliedOnce(statuses.Values);
        output.WriteLine($"accepted before the kill: {accepted.Count}; sent again after the restart and recognised by message id: {Simulator.Agencies.Sum(a => a.Duplicates)}");
    }

    /// <summary>Circuits that open and close within a second, so the test does not wait out the 30 s default.</summary>
    private static string[] QuickCircuits() => Enum.GetValues<DestinationKind>()
        .Select(k => $"--Destinations:{Destination.KindName(k)}:CircuitBreakDuration=00:00:01").ToArray();

    /// <summary>Each delivery's history holds one decision: a redelivered decision was recognised, not applied again.</summary>
    private static void AssertEachDecisionAppliedOnce(IEnumerable<JsonElement> statuses)
    {
        foreach (var delivery in statuses.SelectMany(s => s.GetProperty("deliveries").EnumerateArray()).Where(d => d.GetProperty("message").GetString() != "Renew"))
        {
            var decisions = delivery.GetProperty("history").EnumerateArray().Count(h => h.GetProperty("kind").GetString() is "DecisionApproved" or "DecisionRefused");
            Assert.True(decisions == 1, $"{delivery.GetProperty("destination")}: {decisions} decisions in its history");
        }
    }
}

[Collection(SharedBroker.Name)]
public sealed class BrokerFaultTestsOnRabbitMq(BrokerFixture fixture, ITestOutputHelper output) : BrokerFaultTests(fixture.Broker, output);

[Collection(SharedServiceBus.Name)]
public sealed class BrokerFaultTestsOnServiceBus(ServiceBusFixture fixture, ITestOutputHelper output) : BrokerFaultTests(fixture.Broker, output);
