using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Amqp;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Broker;
using StatuutHub.Broker.Local;
using StatuutHub.Domain.Routing;
using StatuutHub.Tests.Shared;
using StatuutHub.Tests.Shared.Broker;

namespace StatuutHub.EndToEnd.Tests.Broker;

/// <summary>The two queues the hub reads: decisions (only a sealed decision of the delivery's own agency applies; the rest is
/// dead-lettered with the reason) and intake (attests answered on reply-to, as REST would answer them).</summary>
[Collection(SharedBroker.Name)]
public sealed class BrokerQueueTests(BrokerFixture fixture) : BrokerChannelTest(fixture)
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

        await using var agency = Broker.Connect();
        var decisions = EntityPaths.Queue(DecisionsQueue);
        string Json(Guid messageId) => $$"""{"messageId":"{{messageId}}","decision":"APPROVED","reference":"FORGED-1"}""";
        var rvaApproval = $"<amaDecision xmlns=\"{StatuutHub.Agencies.Simulator.Contracts.DestinationMessageSchemas.XmlNamespaceOf(DestinationKind.Rva)}\"><messageId>{rva}</messageId><decision>APPROVED</decision></amaDecision>";
        await agency.SendAsync(decisions, Decision("vdab", Json(vdab), "application/json", AgencyCredentials.DemoDecisionKey(DestinationKind.Vdab)), default);
        await agency.SendAsync(decisions, Decision("vdab", "{ not a decision", "application/json", AgencyCredentials.DemoDecisionKey(DestinationKind.Vdab)), default);
        await agency.SendAsync(decisions, Decision("rva", rvaApproval, "application/xml", AgencyCredentials.DemoDecisionKey(DestinationKind.Vdab)), default);
        await agency.SendAsync(decisions, Decision("vdab", Json(rva), "application/json", AgencyCredentials.DemoDecisionKey(DestinationKind.Vdab)), default);

        var receiver = await agency.ReceiverAsync(EntityPaths.DeadLetters(DecisionsQueue), default);
        var reasons = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var dead = await receiver.ReceiveAsync(Patience) ?? throw new TimeoutException($"dead letter {i + 1} of 3 did not come");
            receiver.Accept(dead);
            reasons.Add(LocalMessages.Property(dead, QueueMessages.DeadLetterReason));
            Assert.False(string.IsNullOrWhiteSpace(LocalMessages.Property(dead, QueueMessages.DeadLetterDescription)));
        }

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
        using var hub = await HubProcess.StartAsync(DataDirectory, Settings($"--Broker:IntakeQueue={intakeQueue}"));
        await using var initiative = Broker.Connect();
        var intake = EntityPaths.Queue(intakeQueue);

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
        var othersQueue = $"{intakeQueue}.replies.0987654394";
        await initiative.SendAsync(intake, Attest(json.ToJsonString(), "application/json", "elsewhere", othersQueue, TestCredentials.InitiativeKey), default);

        var receiver = await initiative.ReceiverAsync(EntityPaths.Queue(replies), default);
        var answers = new Dictionary<string, (int Status, JsonElement Body)>();
        for (var i = 0; i < 4; i++)
        {
            var reply = await receiver.ReceiveAsync(Patience) ?? throw new TimeoutException($"reply {i + 1} of 4 did not come");
            receiver.Accept(reply);
            answers[reply.Properties.CorrelationId] = (Convert.ToInt32(reply.ApplicationProperties["status"], System.Globalization.CultureInfo.InvariantCulture),
                JsonDocument.Parse(LocalMessages.Body(reply)).RootElement.Clone());
        }

        var jsonId = json["attestId"]!.GetValue<string>();
        Assert.Equal(202, answers["json"].Status);
        Assert.Equal($"/api/v1/attests/{jsonId}", answers["json"].Body.GetProperty("statusUrl").GetString());
        Assert.Equal((202, xmlId.ToString()), (answers["xml"].Status, answers["xml"].Body.GetProperty("attestId").GetString()));
        Assert.Equal(400, answers["invalid"].Status);
        Assert.Contains(answers["invalid"].Body.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString()!.Contains("participant", StringComparison.Ordinal));
        Assert.False(answers.ContainsKey("stranger"));
        Assert.Equal((202, jsonId, 1), (answers["again"].Status, answers["again"].Body.GetProperty("attestId").GetString(), answers["again"].Body.GetProperty("version").GetInt32()));

        var deadLetters = await initiative.ReceiverAsync(EntityPaths.DeadLetters(intakeQueue), default);
        var reasons = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var dead = await deadLetters.ReceiveAsync(Patience) ?? throw new TimeoutException($"dead letter {i + 1} of 3 did not come");
            deadLetters.Accept(dead);
            reasons.Add(LocalMessages.Property(dead, QueueMessages.DeadLetterReason));
        }

        Assert.Equal(["NOT_AUTHENTICATED", "REPLY_TO_MISSING", "REPLY_TO_NOT_YOURS"], reasons.Order()); // settled unanswered
        using var client = TestCredentials.Client(hub.BaseAddress, TestCredentials.InitiativeKey);
        var submitted = (await StatusAsync(client, Guid.Parse(jsonId))).GetProperty("history").EnumerateArray().First(h => h.GetProperty("kind").GetString() == "AttestSubmitted");
        Assert.Equal($"initiative:{TestCredentials.InitiativeKbo}", submitted.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task WhatTheBrokerConfirmed_SurvivesItsRestart()
    {
        var queue = EntityPaths.Queue(Prefix + ".durable");
        await using (var hub = Broker.Connect())
        {
            for (var i = 0; i < 20; i++)
            {
                await hub.SendAsync(queue, LocalMessages.Create(Encoding.UTF8.GetBytes($"message {i}"), "text/plain", $"m-{i}"), default);
            }
        }

        await Broker.StopAsync(); // the connections are cut; only what is on disk comes back
        await Broker.RestartAsync();
        await using var reader = Broker.Connect();
        var receiver = await reader.ReceiverAsync(queue, default);
        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var message = await receiver.ReceiveAsync(Patience) ?? throw new TimeoutException($"message {i} of 20 was lost with the broker's restart");
            receiver.Accept(message);
            ids.Add(message.Properties.MessageId);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m-{i}"), ids);
    }

    [Fact]
    public async Task AMessageItsHandlerCouldNotHandleNow_IsGivenBack_AndHandledWhenItCan()
    {
        var queue = Prefix + ".flaky";
        await using var connection = Broker.Connect();
        await connection.SendAsync(EntityPaths.Queue(queue), LocalMessages.Create(Encoding.UTF8.GetBytes("once"), "text/plain", "flaky-1"), default);
        using var consumer = new FailingFirst(connection, queue);
        await consumer.StartAsync(default);
        await NumberedAttests.WaitUntilAsync(() => Task.FromResult(consumer.Completed.Count == 1), Patience, "the message handled on its second delivery");
        await consumer.StopAsync(default);

        Assert.Equal(["flaky-1", "flaky-1"], consumer.Seen); // given back after the failure, delivered again
        Assert.Equal(["flaky-1"], consumer.Completed);
    }

    /// <summary>A consumer whose store is "down" for the first delivery of each message.</summary>
    private sealed class FailingFirst(BrokerConnection broker, string queue)
        : QueueConsumer(new AmqpTransport(broker, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), broker.Options,
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
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

    private static Message Decision(string agency, string body, string contentType, string key)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var message = LocalMessages.Create(bytes, contentType, Guid.NewGuid().ToString("D"));
        message.ApplicationProperties[DecisionSeal.AgencyProperty] = agency;
        message.ApplicationProperties[DecisionSeal.SealProperty] = DecisionSeal.Compute(key, agency, bytes);
        return message;
    }

    private static Message Attest(string body, string contentType, string correlation, string? replyTo, string key)
    {
        var message = LocalMessages.Create(Encoding.UTF8.GetBytes(body), contentType, Guid.NewGuid().ToString("D"));
        message.Properties.CorrelationId = correlation;
        message.Properties.ReplyTo = replyTo;
        message.ApplicationProperties["statuut-key"] = key;
        return message;
    }

    private static async Task<JsonElement> StatusAsync(HttpClient client, Guid id) =>
        JsonDocument.Parse(await client.GetStringAsync($"api/v1/attests/{id}")).RootElement.Clone();
}
