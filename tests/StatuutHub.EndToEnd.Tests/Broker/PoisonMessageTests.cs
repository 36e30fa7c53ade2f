using System.Text;
using Amqp;
using Microsoft.Extensions.Logging.Abstractions;
using StatuutHub.Broker;
using StatuutHub.Broker.Local;
using StatuutHub.Tests.Shared.Broker;

namespace StatuutHub.EndToEnd.Tests.Broker;

/// <summary>A message that breaks its handler every time is dead-lettered after <c>Broker:MaxDeliveryCount</c> tries instead of
/// coming back for ever, and the message behind it is handled: against the real broker.</summary>
[Collection(SharedBroker.Name)]
public sealed class PoisonMessageTests(BrokerFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AMessageThatAlwaysFails_IsDeadLetteredAfterTheCap_AndTheNextOneIsHandled()
    {
        var queue = "t" + Guid.NewGuid().ToString("N")[..10] + ".poison";
        var broker = fixture.Broker;
        await using var connection = broker.Connect(o => o.MaxDeliveryCount = 3);
        using var consumer = new FailingOnPoison(connection, queue);
        await using (var sender = broker.Connect())
        {
            await sender.SendAsync(EntityPaths.Queue(queue), LocalMessages.Create(Encoding.UTF8.GetBytes("poison"), "text/plain", "m-poison"), default);
            await sender.SendAsync(EntityPaths.Queue(queue), LocalMessages.Create(Encoding.UTF8.GetBytes("fine"), "text/plain", "m-fine"), default);
        }

        await consumer.StartAsync(default);
        try
        {
            await using var reader = broker.Connect();
            var deadLetters = await reader.ReceiverAsync(EntityPaths.DeadLetters(queue), default);
            var dead = await deadLetters.ReceiveAsync(Patience) ?? throw new TimeoutException("the poison message was not dead-lettered");
            deadLetters.Accept(dead);

            Assert.Equal(("m-poison", "DELIVERY_COUNT_EXCEEDED"), (dead.Properties.MessageId, LocalMessages.Property(dead, QueueMessages.DeadLetterReason)));
            Assert.Equal(3, consumer.Tries);
            Assert.True(await consumer.Handled.Task.WaitAsync(Patience)); // the message behind it went through
        }
        finally
        {
            await consumer.StopAsync(default);
        }
    }

    private sealed class FailingOnPoison(BrokerConnection connection, string queue)
        : QueueConsumer(new AmqpTransport(connection, TimeProvider.System, NullLogger.Instance), connection.Options, TimeProvider.System, NullLogger.Instance)
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
