using Microsoft.Extensions.Configuration;
using StatuutHub.Host.Hosting;

namespace StatuutHub.Host.Tests.Security;

/// <summary>A broker that would carry messages readable is an unsafe setting outside Development: a local broker without TLS, and
/// Service Bus's client in its emulator mode (plain AMQP), which the tests use and production must not.</summary>
public sealed class BrokerTransportSettingsTests
{
    private static IReadOnlyList<string> Findings(params (string Key, string Value)[] settings) =>
        InsecureSettings.Find(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void ServiceBusInEmulatorMode_IsUnsafe_AndARealNamespaceIsNot()
    {
        var emulator = Findings(("Broker:Enabled", "true"), ("Broker:Flavour", "ServiceBus"),
            ("Broker:ConnectionString", "Endpoint=sb://localhost:5672;SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0;UseDevelopmentEmulator=true"));
        var real = Findings(("Broker:Enabled", "true"), ("Broker:Flavour", "ServiceBus"),
            ("Broker:ConnectionString", "Endpoint=sb://statuut.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0"));

        Assert.Contains(emulator, f => f.StartsWith("Broker:ConnectionString has UseDevelopmentEmulator=true", StringComparison.Ordinal));
        Assert.DoesNotContain(real, f => f.StartsWith("Broker:", StringComparison.Ordinal));
    }

    [Fact]
    public void ALocalBrokerWithoutTls_IsUnsafe()
    {
        Assert.Contains(Findings(("Broker:Enabled", "true"), ("Broker:Host", "10.0.0.5")), f => f.StartsWith("Broker:UseTls is off", StringComparison.Ordinal));
        Assert.DoesNotContain(Findings(("Broker:Enabled", "true"), ("Broker:Host", "10.0.0.5"), ("Broker:UseTls", "true")), f => f.StartsWith("Broker:", StringComparison.Ordinal));
    }
}
