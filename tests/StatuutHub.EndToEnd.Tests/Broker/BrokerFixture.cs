using StatuutHub.Tests.Shared.Broker;

namespace StatuutHub.EndToEnd.Tests.Broker;

/// <summary>One real AMQP 1.0 broker (RabbitMQ with its AMQP 1.0 plugin) for the broker tests; each test uses queues of its own.</summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    public RabbitBroker Broker { get; private set; } = null!;

    public async Task InitializeAsync() => Broker = await RabbitBroker.StartAsync();

    public async Task DisposeAsync()
    {
        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBroker : ICollectionFixture<BrokerFixture>
{
    public const string Name = "broker";
}

/// <summary>The Service Bus test endpoint for the broker tests on the Service Bus flavour (Microsoft's client on both ends).</summary>
public sealed class ServiceBusFixture : IAsyncLifetime
{
    public ServiceBusTestBroker Broker { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedServiceBus : ICollectionFixture<ServiceBusFixture>
{
    public const string Name = "service-bus";
}
