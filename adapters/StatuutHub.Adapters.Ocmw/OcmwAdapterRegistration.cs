using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Ocmw;

/// <summary>Registers the Ocmw adapter, pointed at <c>Destinations:ocmw:BaseUrl</c>.</summary>
public static class OcmwAdapterRegistration
{
    public static IServiceCollection AddOcmwAdapter(this IServiceCollection services) =>
        services.AddDestinationAdapter<OcmwAdapter>(DestinationKind.Ocmw);
}
