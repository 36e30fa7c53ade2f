using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Dimona;

/// <summary>Registers the Dimona adapter, pointed at <c>Destinations:dimona:BaseUrl</c>.</summary>
public static class DimonaAdapterRegistration
{
    public static IServiceCollection AddDimonaAdapter(this IServiceCollection services) =>
        services.AddDestinationAdapter<DimonaAdapter>(DestinationKind.Dimona);
}
