using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Adapters.Ocmw;

/// <summary>Registers the Ocmw adapter with its own HttpClient, pointed at <c>Destinations:ocmw:BaseUrl</c>.</summary>
public static class OcmwAdapterRegistration
{
    public static IServiceCollection AddOcmwAdapter(this IServiceCollection services)
    {
        services.AddHttpClient<OcmwAdapter>((sp, client) => client.BaseAddress = AgencyHttp.BaseAddress(sp.GetRequiredService<IOptionsMonitor<DestinationOptions>>().Get("ocmw").BaseUrl));
        services.AddTransient<IDestinationAdapter>(sp => sp.GetRequiredService<OcmwAdapter>());
        return services;
    }
}
