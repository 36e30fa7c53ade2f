using StatuutHub.Broker;

namespace StatuutHub.Tests.Shared.Broker;

/// <summary>The Service Bus test endpoint as a broker of the broker tests: the hub and the simulated agencies reach it with
/// <c>Broker:Flavour=ServiceBus</c> and its connection string (Microsoft's client, emulator mode).</summary>
public sealed class ServiceBusTestBroker : ITestBroker
{
    private readonly ServiceBusEndpoint _endpoint = ServiceBusEndpoint.Start();

    public string Name => "Service Bus test endpoint";

    public BrokerOptions Options(Action<BrokerOptions>? configure = null)
    {
        var options = new BrokerOptions
        {
            Enabled = true, Flavour = BrokerFlavour.ServiceBus, ConnectionString = _endpoint.ConnectionString, ReconnectDelay = TimeSpan.FromMilliseconds(200),
        };
        configure?.Invoke(options);
        return options;
    }

    public IEnumerable<KeyValuePair<string, string?>> HubSettings() =>
    [
        new("Broker:Enabled", "true"),
        new("Broker:Flavour", "ServiceBus"),
        new("Broker:ConnectionString", _endpoint.ConnectionString),
        new("Broker:ReconnectDelay", "00:00:00.200"),
    ];

    public void Declare(params string[] queues)
    {
        foreach (var queue in queues)
        {
            _endpoint.CreateQueue(queue);
        }
    }

    public Task StopAsync()
    {
        _endpoint.Stop();
        return Task.CompletedTask;
    }

    public Task RestartAsync()
    {
        _endpoint.Restart();
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<QueueMessage>> DeadLettersAsync(string queue, int count, TimeSpan patience)
    {
        await using var transport = this.Transport();
        return await transport.TakeAsync($"{queue}/$DeadLetterQueue", count, patience);
    }

    public ValueTask DisposeAsync() => _endpoint.DisposeAsync();
}
