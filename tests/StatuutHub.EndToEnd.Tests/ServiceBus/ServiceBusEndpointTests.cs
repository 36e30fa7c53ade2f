using Azure.Messaging.ServiceBus;
using StatuutHub.Tests.Shared.Broker;

namespace StatuutHub.EndToEnd.Tests.ServiceBus;

/// <summary>The Service Bus test endpoint as Microsoft's own client (Azure.Messaging.ServiceBus, emulator mode) meets it: what the
/// client needs of the service works, and what the service refuses is refused. The hub's broker tests run on this endpoint only
/// as far as it holds up here.</summary>
public sealed class ServiceBusEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private ServiceBusEndpoint _endpoint = null!;

    public Task InitializeAsync()
    {
        _endpoint = ServiceBusEndpoint.Start();
        _endpoint.CreateQueue("decisions", lockDuration: TimeSpan.FromSeconds(2));
        _endpoint.CreateQueue("intake", requiresSession: true);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    private static ServiceBusClient Client(string connectionString, int retries = 1) =>
        new(connectionString, new ServiceBusClientOptions { RetryOptions = new ServiceBusRetryOptions { MaxRetries = retries, TryTimeout = Wait } });

    [Fact]
    public async Task AMessageSent_IsReceivedUnderLock_AndGoneOnceCompleted()
    {
        await using var client = Client(_endpoint.ConnectionString);
        await client.CreateSender("decisions").SendMessageAsync(new ServiceBusMessage("beslissing") { MessageId = "m-1", Subject = "ack" });
        var receiver = client.CreateReceiver("decisions");

        var message = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal(("beslissing", "m-1", "ack", 1), (message.Body.ToString(), message.MessageId, message.Subject, message.DeliveryCount));
        Assert.NotEqual(Guid.Empty.ToString(), message.LockToken);
        await receiver.CompleteMessageAsync(message);
        Assert.Equal(0, _endpoint.Queue("decisions").Count);
    }

    [Fact]
    public async Task AnAbandonedMessage_ComesBack_WithOneMoreDelivery()
    {
        await using var client = Client(_endpoint.ConnectionString);
        await client.CreateSender("decisions").SendMessageAsync(new ServiceBusMessage("x") { MessageId = "m-2" });
        var receiver = client.CreateReceiver("decisions");

        await receiver.AbandonMessageAsync(await receiver.ReceiveMessageAsync(Wait));
        var again = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal(("m-2", 2), (again.MessageId, again.DeliveryCount));
    }

    [Fact]
    public async Task ADeadLetteredMessage_WaitsInTheDeadLetterQueue_WithItsReason()
    {
        await using var client = Client(_endpoint.ConnectionString);
        await client.CreateSender("decisions").SendMessageAsync(new ServiceBusMessage("onleesbaar") { MessageId = "m-3" });
        var receiver = client.CreateReceiver("decisions");

        await receiver.DeadLetterMessageAsync(await receiver.ReceiveMessageAsync(Wait), "ACK_UNREADABLE", "de beslissing is geen geldige JSON");
        Assert.Equal(1, _endpoint.Queue("decisions/$DeadLetterQueue").Count);
        var dead = await client.CreateReceiver("decisions", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter }).ReceiveMessageAsync(Wait);

        Assert.Equal(("m-3", "ACK_UNREADABLE", "de beslissing is geen geldige JSON"), (dead.MessageId, dead.DeadLetterReason, dead.DeadLetterErrorDescription));
        Assert.Equal(0, _endpoint.Queue("decisions").Count);
    }

    [Fact]
    public async Task ASecondMessageWithTheSameId_IsDropped()
    {
        await using var client = Client(_endpoint.ConnectionString);
        var sender = client.CreateSender("decisions");
        await sender.SendMessageAsync(new ServiceBusMessage("eerste") { MessageId = "m-4" });
        await sender.SendMessageAsync(new ServiceBusMessage("tweede") { MessageId = "m-4" });

        Assert.Equal((1, 1), (_endpoint.Queue("decisions").Count, _endpoint.Queue("decisions").DuplicatesDropped));
        Assert.Equal("eerste", (await client.CreateReceiver("decisions").ReceiveMessageAsync(Wait)).Body.ToString());
    }

    [Fact]
    public async Task ALockRenewed_OutlastsItsDuration_AndAnUnrenewedOneIsLost()
    {
        await using var client = Client(_endpoint.ConnectionString);
        var sender = client.CreateSender("decisions");
        await sender.SendMessageAsync(new ServiceBusMessage("a") { MessageId = "m-5" });
        var receiver = client.CreateReceiver("decisions");
        var message = await receiver.ReceiveMessageAsync(Wait);
        var firstLock = message.LockedUntil;

        await receiver.RenewMessageLockAsync(message);

        Assert.True(message.LockedUntil > firstLock);
        await receiver.CompleteMessageAsync(message);

        await sender.SendMessageAsync(new ServiceBusMessage("b") { MessageId = "m-6" });
        var unrenewed = await receiver.ReceiveMessageAsync(Wait);
        // Its lock of 2 s runs out: it comes back. Once in CI a receive waited 10 s in vain (the redelivery reached the client
        // between two receives, it seems): it then comes back again after another lock, so a few receives are allowed.
        ServiceBusReceivedMessage? redelivered = null;
        for (var receive = 0; receive < 3 && redelivered is null; receive++)
        {
            redelivered = await receiver.ReceiveMessageAsync(Wait);
        }

        Assert.NotNull(redelivered);
        Assert.Equal("m-6", redelivered.MessageId);
        Assert.InRange(redelivered.DeliveryCount, 2, 5);
        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(unrenewed));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
    }

    [Fact]
    public async Task ASessionReceiver_GetsOneAttestsMessages_InOrder()
    {
        await using var client = Client(_endpoint.ConnectionString);
        var sender = client.CreateSender("intake");
        foreach (var (session, n) in new[] { ("attest-a", 1), ("attest-b", 1), ("attest-a", 2), ("attest-a", 3) })
        {
            await sender.SendMessageAsync(new ServiceBusMessage($"{session}-{n}") { MessageId = $"{session}-{n}", SessionId = session });
        }

        var receiver = await client.AcceptSessionAsync("intake", "attest-a");
        var bodies = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var message = await receiver.ReceiveMessageAsync(Wait);
            bodies.Add(message.Body.ToString());
            await receiver.CompleteMessageAsync(message);
        }

        Assert.Equal("attest-a", receiver.SessionId);
        Assert.Equal(["attest-a-1", "attest-a-2", "attest-a-3"], bodies);
        Assert.Equal("attest-b", (await client.AcceptNextSessionAsync("intake")).SessionId);
    }

    [Fact]
    public async Task AWrongKey_IsRefused_AsUnauthorized()
    {
        var wrong = _endpoint.ConnectionString.Replace(_endpoint.Key, Convert.ToBase64String(new byte[32]), StringComparison.Ordinal);
        await using var client = Client(wrong, retries: 0);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => client.CreateSender("decisions").SendMessageAsync(new ServiceBusMessage("x")));

        Assert.Contains("the signature does not match the key", _endpoint.Refusals);
        Assert.Equal(0, _endpoint.Queue("decisions").Count);
    }

    [Fact]
    public async Task AnExpiredToken_IsRefused_AndAFreshOneForTheSameKeyIsTaken()
    {
        var audience = $"amqp://localhost:{_endpoint.Port}/decisions";
        string WithToken(DateTimeOffset expires) =>
            $"Endpoint=sb://localhost:{_endpoint.Port};SharedAccessSignature={SharedAccessSignature.Create(_endpoint.KeyName, _endpoint.Key, audience, expires)};UseDevelopmentEmulator=true";

        await using (var expired = Client(WithToken(DateTimeOffset.UtcNow.AddMinutes(-1)), retries: 0))
        {
            await Assert.ThrowsAsync<UnauthorizedAccessException>(() => expired.CreateSender("decisions").SendMessageAsync(new ServiceBusMessage("x")));
        }

        await using var fresh = Client(WithToken(DateTimeOffset.UtcNow.AddMinutes(5)), retries: 0);
        await fresh.CreateSender("decisions").SendMessageAsync(new ServiceBusMessage("y") { MessageId = "m-9" });

        Assert.Contains("the token expired", _endpoint.Refusals);
        Assert.Equal(1, _endpoint.Queue("decisions").Count);
    }

    [Fact]
    public async Task AGrantRunOut_TheClientPutsAFreshTokenAndSendsOn()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var endpoint = ServiceBusEndpoint.Start(time: clock);
        endpoint.CreateQueue("decisions");
        endpoint.GrantLifetime = TimeSpan.FromMinutes(1);
        await using var client = Client(endpoint.ConnectionString, retries: 3);
        var sender = client.CreateSender("decisions");
        await sender.SendMessageAsync(new ServiceBusMessage("voor") { MessageId = "m-10" });

        clock.Advance(TimeSpan.FromMinutes(2)); // the endpoint's grant ran out; the client's token itself is still valid for an hour
        await sender.SendMessageAsync(new ServiceBusMessage("na") { MessageId = "m-11" });

        Assert.True(endpoint.Grants.Count(g => g == "decisions") >= 2, $"tokens put for decisions: {endpoint.Grants.Count(g => g == "decisions")}");
        Assert.Equal(2, endpoint.Queue("decisions").Count);
    }

    [Fact]
    public async Task TheEndpointGone_TheClientConnectsAgain_AndNothingIsLost()
    {
        await using var client = Client(_endpoint.ConnectionString);
        var sender = client.CreateSender("decisions");
        await sender.SendMessageAsync(new ServiceBusMessage("voor") { MessageId = "m-7" });

        _endpoint.Stop();
        _endpoint.Restart();
        await sender.SendMessageAsync(new ServiceBusMessage("na") { MessageId = "m-8" });

        var receiver = client.CreateReceiver("decisions");
        var received = new[] { await receiver.ReceiveMessageAsync(Wait), await receiver.ReceiveMessageAsync(Wait) };
        Assert.Equal(["m-7", "m-8"], received.Select(m => m.MessageId));
    }
}
