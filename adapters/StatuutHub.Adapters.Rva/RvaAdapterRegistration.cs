using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Rva;

/// <summary>Registers the Rva adapter, pointed at <c>Destinations:rva:BaseUrl</c>.</summary>
public static class RvaAdapterRegistration
{
    public static IServiceCollection AddRvaAdapter(this IServiceCollection services) =>
        services.AddDestinationAdapter<RvaAdapter>(DestinationKind.Rva);
}
