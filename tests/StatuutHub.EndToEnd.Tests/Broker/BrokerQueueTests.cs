using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Broker;
using StatuutHub.Domain.Routing;
using StatuutHub.Tests.Shared;
using StatuutHub.Tests.Shared.Broker;

namespace StatuutHub.EndToEnd.Tests.Broker;

/// <summary>The two queues the hub reads: decisions (only a sealed decision of the delivery's own agency applies; the rest is
/// dead-lettered with the reason) and intake (attests answered on reply-to, as REST would answer them).</summary>
public abstract class BrokerQueueTests(ITestBroker broker) : BrokerChannelTest(broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MalformedForgedAndMisaddressedDecisions_AreDeadLetteredWithTheReason_ADuplicateIsTakenQuietly()
    {
        await UseQueuesAsync(DestinationKind.Vdab);
        Simulator[DestinationKind.Rva].ForgetsCallbacks = true; // the RVA's delivery stays Sent: a forged approval would move it
        using var hub = await HubProcess.StartAsync(DataDirectory, Settings());
        Simulator.HubBaseUrl = hub.BaseAddress;
        using var client = TestCredentials.Client(hub.BaseAddress, TestCredentials.InitiativeKey);
        var attest = NumberedAttests.New(1);
        attest["benefits"] = new System.Text.Json.Nodes.JsonArray("UNEMPLOYMENT");
        var id = (await SubmitAsync(client, attest))!.Value;
        var (vdab, rva) = (Guid.Empty, Guid.Empty);
        await NumberedAttests.WaitUntilAsync(async () =>
        {
            var deliveries = (await StatusAsync(client, id)).GetProperty("deliveries").EnumerateArray().Where(d => d.GetProperty("message").GetString() == "Create").ToArray();
            vdab = deliveries.Single(d => d.GetProperty("destination").GetString() == "vdab").GetProperty("messageId").GetGuid();
            var r = deliveries.Single(d => d.GetProperty("destination").GetString() == "rva");
            rva = r.GetProperty("messageId").GetGuid();
            return r.GetProperty("state").GetString() == "Sent";
        }, Patience, "VDAB approved over the queue and the RVA's message sent");

        await using var agency = Broker.Transport();
        var decisions = DecisionsQueue;
        string Json(Guid messageId) => $$"""{"messageId":"{{messageId}}","decision":"APPROVED","reference":"FORGED-1"}""";
        var rvaApproval = $"<amaDecision xmlns=\"{StatuutHub.Agencies.Simulator.Contracts.DestinationMessageSchemas.XmlNamespaceOf(DestinationKind.Rva)}\"><messageId>{rva}</messageId><decision>APPROVED</decision></amaDecision>";
        await agency.SendAsync(decisions, Decision("vdab", Json(vdab), "application/json", AgencyCredentials.DemoDecisionKey(DestinationKind.Vdab)), default);
        await agency.SendAsync(decisions, Decision("vdab", "{ not a decision", "application/json", AgencyCredentials.DemoDecisionKey(DestinationKind.Vdab)), default);
        await agency.SendAsync(decisions, Decision("rva", rvaApproval, "application/xml", AgencyCredentials.DemoDecisionKey(DestinationKind.Vdab)), default);
        await agency.SendAsync(decisions, Decision("vdab", Json(rva), "application/json", AgencyCredentials.DemoDecisionKey(DestinationKind.Vdab)), default);

        var deadLetters = await Broker.DeadLettersAsync(DecisionsQueue, 3, Patience);
        var reasons = deadLetters.Select(d => d.Property(QueueMessages.DeadLetterReason)).ToList();
        Assert.All(deadLetters, d => Assert.False(string.IsNullOrWhiteSpace(d.Property(QueueMessages.DeadLetterDescription))));

        // In order: the duplicate came first and was completed, so the first dead letter is the malformed one.
        Assert.Equal(["ACK_UNREADABLE", "UNAUTHORISED_DECISION", "NOT_YOUR_DELIVERY"], reasons);
        var after = (await StatusAsync(client, id)).GetProperty("deliveries").EnumerateArray().ToArray();
        Assert.Equal("Sent", after.Single(d => d.GetProperty("destination").GetString() == "rva").GetProperty("state").GetString());
        var vdabHistory = after.Single(d => d.GetProperty("destination").GetString() == "vdab" && d.GetProperty("message").GetString() == "Create").GetProperty("history");
        Assert.Equal(1, vdabHistory.EnumerateArray().Count(h => h.GetProperty("kind").GetString() == "DecisionApproved"));
        Assert.DoesNotContain("FORGED", vdabHistory.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttestsOnTheIntakeQueue_AreAnsweredOnTheInitiativesOwnReplyQueue_AsRestWouldAnswer()
    {
        var intakeQueue = Prefix + ".intake";
        var replies = $"{intakeQueue}.replies.{TestCredentials.InitiativeKbo}"; // the initiative's own reply queue (docs/broker.md)
        var othersQueue = $"{intakeQueue}.replies.0987654394";
        Broker.Declare(intakeQueue, replies, othersQueue);
        using var hub = await HubProcess.StartAsync(DataDirectory, Settings($"--Broker:IntakeQueue={intakeQueue}"));
        await using var initiative = Broker.Transport();
        var intake = intakeQueue;

        var json = NumberedAttests.New(7);
        var xml = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "examples", "unemployment-and-leefloon.xml"));
        var xmlId = Guid.NewGuid();
        xml.Root!.Elements().Single(e => e.Name.LocalName == "attestId").Value = xmlId.ToString();
        var invalid = NumberedAttests.New(8);
        invalid.Remove("participant");

        await initiative.SendAsync(intake, Attest(json.ToJsonString(), "application/json", "json", replies, TestCredentials.InitiativeKey), default);
        await initiative.SendAsync(intake, Attest(xml.ToString(), "application/xml", "xml", replies, TestCredentials.InitiativeKey), default);
        await initiative.SendAsync(intake, Attest(invalid.ToJsonString(), "application/json", "invalid", replies, TestCredentials.InitiativeKey), default);
        await initiative.SendAsync(intake, Attest(json.ToJsonString(), "application/json", "stranger", replies, "not-a-key-of-anyone"), default);
        await initiative.SendAsync(intake, Attest(json.ToJsonString(), "application/json", "again", replies, TestCredentials.InitiativeKey), default);
        await initiative.SendAsync(intake, Attest(json.ToJsonString(), "application/json", "nowhere", null, TestCredentials.InitiativeKey), default);
        // Answers go to the initiative's own reply queue only: not to another's, and not for a stranger (no relay to any queue).
        await initiative.SendAsync(intake, Attest(json.ToJsonString(), "application/json", "elsewhere", othersQueue, TestCredentials.InitiativeKey), default);

        var answers = (await initiative.TakeAsync(replies, 4, Patience)).ToDictionary(reply => reply.CorrelationId!,
            reply => (Status: int.Parse(reply.Property("status")!, System.Globalization.CultureInfo.InvariantCulture), Body: JsonDocument.Parse(reply.Body).RootElement.Clone()));

        var jsonId = json["attestId"]!.GetValue<string>();
        Assert.Equal(202, answers["json"].Status);
        Assert.Equal($"/api/v1/attests/{jsonId}", answers["json"].Body.GetProperty("statusUrl").GetString());
        Assert.Equal((202, xmlId.ToString()), (answers["xml"].Status, answers["xml"].Body.GetProperty("attestId").GetString()));
        Assert.Equal(400, answers["invalid"].Status);
        Assert.Contains(answers["invalid"].Body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString()!.Contains("participant", StringComparison.Ordinal));
        Assert.False(answers.ContainsKey("stranger"));
        Assert.Equal((202, jsonId, 1), (answers["again"].Status, answers["again"].Body.GetProperty("attestId").GetString(), answers["again"].Body.GetProperty("version").GetInt32()));

        var reasons = (await Broker.DeadLettersAsync(intakeQueue, 3, Patience)).Select(d => d.Property(QueueMessages.DeadLetterReason)).ToList();

        Assert.Equal(["NOT_AUTHENTICATED", "REPLY_TO_MISSING", "REPLY_TO_NOT_YOURS"], reasons.Order()); // settled unanswered
        using var client = TestCredentials.Client(hub.BaseAddress, TestCredentials.InitiativeKey);
        var submitted = (await StatusAsync(client, Guid.Parse(jsonId))).GetProperty("history").EnumerateArray().First(h => h.GetProperty("kind").GetString() == "AttestSubmitted");
        Assert.Equal($"initiative:{TestCredentials.InitiativeKbo}", submitted.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task WhatTheBrokerConfirmed_SurvivesItsRestart()
    {
        var queue = Prefix + ".durable";
        Broker.Declare(queue);
        await using (var hub = Broker.Transport())
        {
            for (var i = 0; i < 20; i++)
            {
                await hub.SendAsync(queue, new QueueMessage { Body = Encoding.UTF8.GetBytes($"message {i}"), ContentType = "text/plain", MessageId = $"m-{i}" }, default);
            }
        }

        await Broker.StopAsync(); // the connections are cut; only what is on disk comes back
        await Broker.RestartAsync();
        await using var reader = Broker.Transport();
        var ids = (await reader.TakeAsync(queue, 20, Patience)).Select(m => m.MessageId).ToList();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m-{i}"), ids);
    }

    [Fact]
    public async Task AMessageItsHandlerCouldNotHandleNow_IsGivenBack_AndHandledWhenItCan()
    {
        var queue = Prefix + ".flaky";
        Broker.Declare(queue);
        await using var transport = Broker.Transport();
        await transport.SendAsync(queue, new QueueMessage { Body = Encoding.UTF8.GetBytes("once"), ContentType = "text/plain", MessageId = "flaky-1" }, default);
        using var consumer = new FailingFirst(transport, Broker.Options(), queue);
        await consumer.StartAsync(default);
        await NumberedAttests.WaitUntilAsync(() => Task.FromResult(consumer.Completed.Count == 1), Patience, "the message handled on its second delivery");
        await consumer.StopAsync(default);

        Assert.Equal(["flaky-1", "flaky-1"], consumer.Seen); // given back after the failure, delivered again
        Assert.Equal(["flaky-1"], consumer.Completed);
    }

    /// <summary>A consumer whose store is "down" for the first delivery of each message.</summary>
    private sealed class FailingFirst(IBrokerTransport transport, BrokerOptions options, string queue)
        : QueueConsumer(transport, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Seen { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<string> Completed { get; } = new();

        protected override string? QueueName => queue;

        protected override Task<QueueSettlement> HandleAsync(QueueMessage message, CancellationToken ct)
        {
            var id = message.MessageId!;
            Seen.Enqueue(id);
            if (Seen.Count(s => s == id) == 1)
            {
                throw new System.Data.DataException("store unavailable (simulated)");
            }

            Completed.Enqueue(id);
            return Task.FromResult(QueueSettlement.Complete);
        }
    }

    private static QueueMessage Decision(string agency, string body, string contentType, string key)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return new QueueMessage
        {
            Body = bytes, ContentType = contentType, MessageId = Guid.NewGuid().ToString("D"),
            Properties = new Dictionary<string, object?> { [DecisionSeal.AgencyProperty] = agency, [DecisionSeal.SealProperty] = DecisionSeal.Compute(key, agency, bytes) },
        };
    }

    private static QueueMessage Attest(string body, string contentType, string correlation, string? replyTo, string key) => new()
    {
        Body = Encoding.UTF8.GetBytes(body), ContentType = contentType, MessageId = Guid.NewGuid().ToString("D"), CorrelationId = correlation, ReplyTo = replyTo,
        Properties = new Dictionary<string, object?> { ["statuut-key"] = key },
    };

    private static async Task<JsonElement> StatusAsync(HttpClient client, Guid id) =>
        JsonDocument.Parse(await client.GetStringAsync($"api/v1/attests/{id}")).RootElement.Clone();
}

[Collection(SharedBroker.Name)]
public sealed class BrokerQueueTestsOnRabbitMq(BrokerFixture fixture) : BrokerQueueTests(fixture.Broker);

[Collection(SharedServiceBus.Name)]
public sealed class BrokerQueueTestsOnServiceBus(ServiceBusFixture fixture) : BrokerQueueTests(fixture.Broker);
