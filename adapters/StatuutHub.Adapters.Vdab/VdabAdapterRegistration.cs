using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Vdab;

/// <summary>Registers the Vdab adapter, pointed at <c>Destinations:vdab:BaseUrl</c>.</summary>
public static class VdabAdapterRegistration
{
    public static IServiceCollection AddVdabAdapter(this IServiceCollection services) =>
        services.AddDestinationAdapter<VdabAdapter>(DestinationKind.Vdab);
}
