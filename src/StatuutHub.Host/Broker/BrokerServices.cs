using Microsoft.Extensions.Options;
using StatuutHub.Broker;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Host.Broker;

/// <summary>Wires the broker channel (<c>Broker:*</c>): its options (validated at start-up), the one transport of the configured
/// flavour, and the two consumers. Nothing connects while <c>Broker:Enabled</c> is false and no destination has <c>Transport=Amqp</c>.</summary>
public static class BrokerServices
{
    public static void AddStatuutHubBroker(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BrokerOptions>().Bind(builder.Configuration.GetSection(BrokerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BrokerOptions>, BrokerOptionsValidator>();
        foreach (var kind in Enum.GetValues<DestinationKind>())
        {
            var name = Destination.KindName(kind);
            builder.Services.AddOptions<DestinationOptions>(name)
                .Validate<IOptions<BrokerOptions>>((o, broker) => o.Transport != DestinationTransport.Amqp || broker.Value.Enabled,
                    $"Destinations:{name}:Transport is Amqp, but Broker:Enabled is false.")
                .Validate(o => o.Queue.TimeToLive >= TimeSpan.FromMinutes(1), $"Destinations:{name}:Queue:TimeToLive must be at least a minute.");
        }

        builder.Services.AddSingleton(sp => BrokerTransports.Create(sp.GetRequiredService<IOptions<BrokerOptions>>().Value, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<DecisionQueueReceiver>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DecisionQueueReceiver>());
        builder.Services.AddSingleton<IntakeQueueReceiver>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IntakeQueueReceiver>());
    }
}
