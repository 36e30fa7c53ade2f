using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Adapters.Mutualiteit;

/// <summary>Registers the Mutualiteit adapter with its own HttpClient, pointed at <c>Destinations:mutualiteit:BaseUrl</c>.</summary>
public static class MutualiteitAdapterRegistration
{
    public static IServiceCollection AddMutualiteitAdapter(this IServiceCollection services)
    {
        services.AddHttpClient<MutualiteitAdapter>((sp, client) => client.BaseAddress = AgencyHttp.BaseAddress(sp.GetRequiredService<IOptionsMonitor<DestinationOptions>>().Get("mutualiteit").BaseUrl));
        services.AddTransient<IDestinationAdapter>(sp => sp.GetRequiredService<MutualiteitAdapter>());
        return services;
    }
}
