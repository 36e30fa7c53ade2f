using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Mutualiteit;

/// <summary>Registers the Mutualiteit adapter, pointed at <c>Destinations:mutualiteit:BaseUrl</c>.</summary>
public static class MutualiteitAdapterRegistration
{
    public static IServiceCollection AddMutualiteitAdapter(this IServiceCollection services) =>
        services.AddDestinationAdapter<MutualiteitAdapter>(DestinationKind.Mutualiteit);
}
