using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Adapters;

/// <summary>The one way an adapter joins the hub: its own typed HttpClient pointed at
/// <c>Destinations:{kind}:BaseUrl</c>, registered as an <see cref="IDestinationAdapter"/>.</summary>
public static class AdapterRegistration
{
    public static IServiceCollection AddDestinationAdapter<TAdapter>(this IServiceCollection services, DestinationKind kind)
        where TAdapter : class, IDestinationAdapter
    {
        services.AddHttpClient<TAdapter>((sp, client) =>
            client.BaseAddress = AgencyHttp.BaseAddress(sp.GetRequiredService<IOptionsMonitor<DestinationOptions>>().Get(Destination.KindName(kind)).BaseUrl));
        services.AddTransient<IDestinationAdapter>(sp => sp.GetRequiredService<TAdapter>());
        return services;
    }
}
