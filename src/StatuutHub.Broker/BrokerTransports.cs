using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Broker.Local;
using StatuutHub.Broker.ServiceBus;

namespace StatuutHub.Broker;

/// <summary>The transport <c>Broker:Flavour</c> names.</summary>
public static class BrokerTransports
{
    public static IBrokerTransport Create(BrokerOptions options, TimeProvider time, ILoggerFactory loggers) => options.Flavour == BrokerFlavour.ServiceBus
        ? new ServiceBusTransport(options, loggers.CreateLogger<ServiceBusTransport>())
        : new AmqpTransport(new BrokerConnection(Options.Create(options), loggers.CreateLogger<BrokerConnection>()), time, loggers.CreateLogger<AmqpTransport>());
}
