using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Adapters.Rva;

/// <summary>Registers the RVA adapter with its own HttpClient, pointed at <c>Destinations:rva:BaseUrl</c>.</summary>
public static class RvaAdapterRegistration
{
    public static IServiceCollection AddRvaAdapter(this IServiceCollection services)
    {
        services.AddHttpClient<RvaAdapter>((sp, client) => client.BaseAddress = AgencyHttp.BaseAddress(sp.GetRequiredService<IOptionsMonitor<DestinationOptions>>().Get("rva").BaseUrl));
        services.AddTransient<IDestinationAdapter>(sp => sp.GetRequiredService<RvaAdapter>());
        return services;
    }
}
