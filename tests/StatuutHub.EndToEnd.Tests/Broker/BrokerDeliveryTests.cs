using System.Text.Json.Nodes;
using StatuutHub.Domain.Routing;
using StatuutHub.Tests.Shared;
using StatuutHub.Tests.Shared.Broker;
using Xunit.Abstractions;

namespace StatuutHub.EndToEnd.Tests.Broker;

/// <summary>Deliveries over a real AMQP 1.0 broker, beside HTTP: VDAB, the OCMW and Dimona read their queues and answer on the
/// decisions queue; the RVA and the mutualiteiten stay on HTTP, so a chain crosses transports (VDAB's approval over the queue lets
/// the RVA's message go over HTTP).</summary>
public abstract class BrokerDeliveryTests(ITestBroker broker, ITestOutputHelper output) : BrokerChannelTest(broker)
{
    private static readonly string[] Benefits = ["UNEMPLOYMENT", "INCAPACITY", "SOCIAL_INTEGRATION", "DISABILITY_ALLOWANCE"];

    [Fact]
    public async Task EveryBenefitCombination_WithThreeAgenciesOnTheBroker_IsRecognised_EachMessageReceivedOnce()
    {
        await UseQueuesAsync(DestinationKind.Vdab, DestinationKind.Ocmw, DestinationKind.Dimona);
        using var hub = await HubProcess.StartAsync(DataDirectory, Settings());
        Simulator.HubBaseUrl = hub.BaseAddress;
        using var client = TestCredentials.Client(hub.BaseAddress, TestCredentials.InitiativeKey);

        var accepted = new List<Guid>();
        for (var combination = 0; combination < 1 << Benefits.Length; combination++)
        {
            if ((combination & 0b11) == 0b11)
            {
                continue; // unemployment and incapacity together are refused (never paid for the same days)
            }

            var attest = NumberedAttests.New(combination);
            attest["participant"]!["landsbond"] = "100"; // the adviser's landsbond, for the combinations with incapacity
            attest["benefits"] = new JsonArray(Benefits.Where((_, i) => (combination & (1 << i)) != 0).Select(b => (JsonNode)b).ToArray());
            accepted.Add(await SubmitAsync(client, attest) ?? throw new InvalidOperationException($"combination {combination} was not accepted"));
        }

        var statuses = await RecognisedAsync(client, accepted, TimeSpan.FromSeconds(90));
        var messages = AssertEveryMessageReceived(statuses.Values);
        // The 12 combinations that hold: 12 Dimona and 12 VDAB (AMA WSE: VDAB for everyone), 4 RVA (unemployment),
        // 4 mutualiteit (incapacity), 6 OCMW (leefloon).
        Assert.Equal(12 + 12 + 4 + 4 + 6, messages);
        Assert.Equal(12 + 12, Simulator[DestinationKind.Dimona].Received.Count + Simulator[DestinationKind.Vdab].Received.Count);
        Assert.Equal(6, Simulator[DestinationKind.Ocmw].Received.Count);
        output.WriteLine($"{accepted.Count} attests, {messages} messages: {string.Join(", ", Simulator.Agencies.Select(a => $"{a.Kind} {a.Received.Count} (duplicates {a.Duplicates})"))}");
        Assert.All(Simulator.Agencies, a => Assert.Equal((0, 0), (a.Duplicates, a.Unsealed))); // each message once, each sealed by the hub
    }
}

/// <summary>On RabbitMQ, and the demo launcher's own broker setting.</summary>
[Collection(SharedBroker.Name)]
public sealed class BrokerDeliveryTestsOnRabbitMq(BrokerFixture fixture, ITestOutputHelper output) : BrokerDeliveryTests(fixture.Broker, output)
{
    [Fact]
    public async Task TheDemo_WithOneSetting_RunsVdabOverTheBroker()
    {
        string[] settings =
        [
            "--Simulator:FirstPort=0", "--Simulator:DecisionDelay=00:00:01", "--Simulator:QueueDestinations:0=vdab",
            .. Broker.HubSettings().Where(s => s.Key is "Broker:Port" or "Broker:UserName" or "Broker:Password").Select(s => $"--{s.Key}={s.Value}"),
        ];
        using var demo = await HubProcess.StartAsync(DataDirectory, settings, program: HubProcess.Demo);
        using var client = TestCredentials.Client(demo.BaseAddress, "DEMO-ONLY-initiative-0123456749");
        var attest = NumberedAttests.StartingSoon(3);
        attest["benefits"] = new JsonArray("UNEMPLOYMENT");
        var id = await SubmitAsync(client, attest) ?? throw new InvalidOperationException("not accepted");

        var status = (await RecognisedAsync(client, [id], TimeSpan.FromSeconds(60)))[id];
        var vdab = status.GetProperty("deliveries").EnumerateArray().First(d => d.GetProperty("destination").GetString() == "vdab");
        Assert.StartsWith("VDAB-AMA-", vdab.GetProperty("reference").GetString(), StringComparison.Ordinal);
        // Over the queue there is no synchronous receipt: the delivery went Sent on the broker's confirmation.
        Assert.Contains(vdab.GetProperty("history").EnumerateArray(), h => h.GetProperty("detail").GetString() == "Pending → Sent (receipt)");
    }
}

/// <summary>On the Service Bus test endpoint, through Microsoft's client.</summary>
[Collection(SharedServiceBus.Name)]
public sealed class BrokerDeliveryTestsOnServiceBus(ServiceBusFixture fixture, ITestOutputHelper output) : BrokerDeliveryTests(fixture.Broker, output);
