using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Routing;
using StatuutHub.Tests.Shared;
using StatuutHub.Tests.Shared.Broker;

namespace StatuutHub.EndToEnd.Tests.Broker;

/// <summary>What a broker test starts with: the simulated agencies, some of them on queues of this test's own at the shared broker
/// (RabbitMQ, or the Service Bus test endpoint: one test definition, a concrete class per flavour), and a hub process configured for both.</summary>
public abstract class BrokerChannelTest(ITestBroker broker) : SimulatedAgenciesTest
{
    /// <summary>This test's queue names start with it, so no test sees another's messages.</summary>
    protected string Prefix { get; } = "t" + Guid.NewGuid().ToString("N")[..10];

    protected ITestBroker Broker => broker;

    protected string DecisionsQueue => Prefix + ".decisions";

    /// <summary>Puts these agencies on the broker.</summary>
    protected Task UseQueuesAsync(params DestinationKind[] kinds)
    {
        Broker.Declare([DecisionsQueue, .. kinds.Select(k => StatuutHub.Agencies.Simulator.AgencySimulator.QueueOf(Prefix, k))]);
        return Simulator.UseQueuesAsync(Broker.Options(o => o.DecisionsQueue = DecisionsQueue), Prefix, kinds);
    }

    /// <summary>The hub's settings: the simulator's (queues included) and the broker's.</summary>
    protected IEnumerable<string> Settings(params string[] more) => HubSettings.For(Simulator, TimeSpan.FromSeconds(30))
        .Concat(Broker.HubSettings().Select(s => $"--{s.Key}={s.Value}"))
        .Concat(more);

    /// <summary>Submits over REST; returns the id when accepted.</summary>
    protected static async Task<Guid?> SubmitAsync(HttpClient client, JsonObject attest)
    {
        var response = await client.PostAsync("api/v1/attests", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
        return response.StatusCode == HttpStatusCode.Accepted ? Guid.Parse(attest["attestId"]!.GetValue<string>()) : null;
    }

    /// <summary>Waits until every attest is Recognised and returns their status documents.</summary>
    protected static async Task<Dictionary<Guid, JsonElement>> RecognisedAsync(HttpClient reader, IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var statuses = new Dictionary<Guid, JsonElement>();
        await NumberedAttests.WaitUntilAsync(async () =>
        {
            foreach (var id in ids.Where(id => !statuses.ContainsKey(id)).ToArray())
            {
                var status = await reader.GetFromJsonAsync<JsonElement>($"api/v1/attests/{id}");
                if (status.GetProperty("status").GetString() == "Recognised")
                {
                    statuses[id] = status;
                }
            }

            return statuses.Count == ids.Count;
        }, timeout, $"{ids.Count} attests recognised");
        return statuses;
    }

    /// <summary>Every delivery sent (renewals are for later) reached its agency, whichever way it went; returns how many.</summary>
    protected int AssertEveryMessageReceived(IEnumerable<JsonElement> statuses)
    {
        var messages = 0;
        foreach (var delivery in statuses.SelectMany(s => s.GetProperty("deliveries").EnumerateArray()).Where(d => d.GetProperty("message").GetString() != "Renew"))
        {
            messages++;
            Assert.True(Destination.TryParse(delivery.GetProperty("destination").GetString(), out var destination));
            Assert.Contains(delivery.GetProperty("messageId").GetGuid(), (IDictionary<Guid, ReceivedMessage>)Simulator[destination.Kind].Received);
        }

        Assert.All(Simulator.Agencies, a => Assert.Equal(0, a.Invalid));
        return messages;
    }
}
