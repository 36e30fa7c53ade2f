using Microsoft.Extensions.Logging.Abstractions;
using StatuutHub.Broker;
using StatuutHub.Broker.ServiceBus;
using StatuutHub.Tests.Shared.Broker;

namespace StatuutHub.EndToEnd.Tests.ServiceBus;

/// <summary>How the hub's Service Bus transport classifies what goes wrong, against the test endpoint: what trying again cannot mend
/// (a wrong key, a queue that does not exist) is permanent, a service that is gone is worth trying again.</summary>
public sealed class ServiceBusTransportTests : IAsyncLifetime
{
    private static readonly QueueMessage Message = new() { Body = [1], ContentType = "application/octet-stream", MessageId = "m-1" };
    private ServiceBusEndpoint _endpoint = null!;

    public Task InitializeAsync()
    {
        _endpoint = ServiceBusEndpoint.Start();
        _endpoint.CreateQueue("statuut.vdab");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    private static ServiceBusTransport Transport(string connectionString) => new(new BrokerOptions
    {
        Enabled = true, Flavour = BrokerFlavour.ServiceBus, ConnectionString = connectionString, OperationTimeout = TimeSpan.FromSeconds(2),
    }, NullLogger.Instance);

    [Fact]
    public async Task AWrongKey_IsPermanent()
    {
        await using var transport = Transport(_endpoint.ConnectionString.Replace(_endpoint.Key, Convert.ToBase64String(new byte[32]), StringComparison.Ordinal));

        await Assert.ThrowsAsync<BrokerRefusedException>(() => transport.SendAsync("statuut.vdab", Message, default));
    }

    [Fact]
    public async Task AQueueThatDoesNotExist_IsPermanent()
    {
        await using var transport = Transport(_endpoint.ConnectionString);

        await Assert.ThrowsAsync<BrokerRefusedException>(() => transport.SendAsync("statuut.nobody", Message, default));
    }

    [Fact]
    public async Task TheServiceGone_IsWorthTryingAgain_AndTheMessageGoesOnceItIsBack()
    {
        await using var transport = Transport(_endpoint.ConnectionString);
        _endpoint.Stop();

        await Assert.ThrowsAsync<BrokerUnavailableException>(() => transport.SendAsync("statuut.vdab", Message, default));

        _endpoint.Restart();
        await transport.SendAsync("statuut.vdab", Message, default);
        Assert.Equal(1, _endpoint.Queue("statuut.vdab").Count);
    }
}
