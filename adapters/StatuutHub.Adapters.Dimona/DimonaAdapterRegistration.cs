using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Adapters.Dimona;

/// <summary>Registers the Dimona adapter with its own HttpClient, pointed at <c>Destinations:dimona:BaseUrl</c>.</summary>
public static class DimonaAdapterRegistration
{
    public static IServiceCollection AddDimonaAdapter(this IServiceCollection services)
    {
        services.AddHttpClient<DimonaAdapter>((sp, client) => client.BaseAddress = AgencyHttp.BaseAddress(sp.GetRequiredService<IOptionsMonitor<DestinationOptions>>().Get("dimona").BaseUrl));
        services.AddTransient<IDestinationAdapter>(sp => sp.GetRequiredService<DimonaAdapter>());
        return services;
    }
}
