using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StatuutHub.Broker;
using StatuutHub.Delivery.Authentication;
using StatuutHub.Delivery.Inbox;
using StatuutHub.Delivery.Queues;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Adapters;

/// <summary>The one way an adapter joins the hub: its own typed HttpClient pointed at
/// <c>Destinations:{kind}:BaseUrl</c>, carrying the destination's credential (<c>Destinations:{kind}:Authentication</c>),
/// registered as an <see cref="IDestinationAdapter"/>; with <c>Destinations:{kind}:Transport=Amqp</c> wrapped so its messages go to
/// the agency's queue instead (<see cref="QueueDestinationAdapter"/>); with <c>Transport=Inbox</c> or <c>InboxOffices</c> kept in the
/// hub for the office to read and decide there (<see cref="InboxDestinationAdapter"/>).</summary>
public static class AdapterRegistration
{
    public static IServiceCollection AddDestinationAdapter<TAdapter>(this IServiceCollection services, DestinationKind kind)
        where TAdapter : class, IDestinationAdapter
    {
        var name = Destination.KindName(kind);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClientCredentialsTokens>();
        services.TryAddSingleton<DestinationAdapters>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DestinationOptions>, OutboundAuthenticationValidator>());
        HttpMessageHandler Tls(IServiceProvider sp) => OutboundTls.Handler(sp.GetRequiredService<IOptionsMonitor<DestinationOptions>>().Get(name).Authentication);
        // The factory's logging handlers are left out: the dispatcher records, logs and traces each attempt itself, and
        // the two handlers with their log scopes showed up on every send in the end-to-end profile.
        services.AddHttpClient(ClientCredentialsTokens.ClientName(name)).ConfigurePrimaryHttpMessageHandler(Tls).RemoveAllLoggers();
        services.AddHttpClient<TAdapter>((sp, client) =>
                client.BaseAddress = AgencyHttp.BaseAddress(sp.GetRequiredService<IOptionsMonitor<DestinationOptions>>().Get(name).BaseUrl))
            .ConfigurePrimaryHttpMessageHandler(Tls)
            .RemoveAllLoggers()
            .AddHttpMessageHandler(() => new AgencyExchangeRecorder())
            .AddHttpMessageHandler(sp => new OutboundCredentialHandler(name, sp.GetRequiredService<IOptionsMonitor<DestinationOptions>>(), sp.GetRequiredService<ClientCredentialsTokens>()));
        services.AddOptions<BrokerOptions>();
        services.TryAddSingleton(sp => BrokerTransports.Create(sp.GetRequiredService<IOptions<BrokerOptions>>().Value, sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        services.AddTransient<IDestinationAdapter>(sp =>
        {
            var adapter = sp.GetRequiredService<TAdapter>();
            var options = sp.GetRequiredService<IOptionsMonitor<DestinationOptions>>().Get(name);
            IDestinationAdapter outbound = options.Transport == DestinationTransport.Amqp
                ? new QueueDestinationAdapter(adapter, sp.GetRequiredService<IBrokerTransport>(), sp.GetRequiredService<IOptions<BrokerOptions>>().Value, options.Queue)
                : adapter;
            return options.Transport == DestinationTransport.Inbox || options.InboxOffices.Count > 0 ? new InboxDestinationAdapter(outbound, options) : outbound;
        });
        return services;
    }
}
