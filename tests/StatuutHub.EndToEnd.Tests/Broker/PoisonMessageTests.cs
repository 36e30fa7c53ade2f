using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using StatuutHub.Broker;
using StatuutHub.Tests.Shared.Broker;

namespace StatuutHub.EndToEnd.Tests.Broker;

/// <summary>A message that breaks its handler every time is dead-lettered after <c>Broker:MaxDeliveryCount</c> tries instead of
/// coming back for ever, and the message behind it is handled: against the real broker.</summary>
public abstract class PoisonMessageTests(ITestBroker broker)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AMessageThatAlwaysFails_IsDeadLetteredAfterTheCap_AndTheNextOneIsHandled()
    {
        var queue = "t" + Guid.NewGuid().ToString("N")[..10] + ".poison";
        broker.Declare(queue);
        var options = broker.Options(o => o.MaxDeliveryCount = 3);
        await using var transport = broker.Transport(o => o.MaxDeliveryCount = 3);
        using var consumer = new FailingOnPoison(transport, options, queue);
        await using (var sender = broker.Transport())
        {
            await sender.SendAsync(queue, new QueueMessage { Body = Encoding.UTF8.GetBytes("poison"), ContentType = "text/plain", MessageId = "m-poison" }, default);
            await sender.SendAsync(queue, new QueueMessage { Body = Encoding.UTF8.GetBytes("fine"), ContentType = "text/plain", MessageId = "m-fine" }, default);
        }

        await consumer.StartAsync(default);
        try
        {
            var dead = (await broker.DeadLettersAsync(queue, 1, Patience))[0];

            Assert.Equal(("m-poison", "DELIVERY_COUNT_EXCEEDED"), (dead.MessageId, dead.Property(QueueMessages.DeadLetterReason)));
            Assert.Equal(3, consumer.Tries);
            Assert.True(await consumer.Handled.Task.WaitAsync(Patience)); // the message behind it went through
        }
        finally
        {
            await consumer.StopAsync(default);
        }
    }

    private sealed class FailingOnPoison(IBrokerTransport transport, BrokerOptions options, string queue)
        : QueueConsumer(transport, options, TimeProvider.System, NullLogger.Instance)
    {
        private int _tries;

        public int Tries => Volatile.Read(ref _tries);

        public TaskCompletionSource<bool> Handled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override string? QueueName => queue;

        protected override Task<QueueSettlement> HandleAsync(QueueMessage message, CancellationToken ct)
        {
            if (message.MessageId == "m-poison")
            {
                Interlocked.Increment(ref _tries);
                throw new InvalidOperationException("this message breaks its handler");
            }

            Handled.TrySetResult(true);
            return Task.FromResult(QueueSettlement.Complete);
        }
    }
}

[Collection(SharedBroker.Name)]
public sealed class PoisonMessageTestsOnRabbitMq(BrokerFixture fixture) : PoisonMessageTests(fixture.Broker);

[Collection(SharedServiceBus.Name)]
public sealed class PoisonMessageTestsOnServiceBus(ServiceBusFixture fixture) : PoisonMessageTests(fixture.Broker);
