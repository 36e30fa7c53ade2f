using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Adapters;

/// <summary>The destination adapters by agency name, built once for the process. An incoming decision only needs its
/// agency's parser; taking <c>IEnumerable&lt;IDestinationAdapter&gt;</c> per request built all five adapters with their
/// typed HttpClients for every decision (about 5 % of the hub's CPU in the end-to-end profile).</summary>
public sealed class DestinationAdapters(IServiceProvider services)
{
    private readonly Lazy<Dictionary<string, IDestinationAdapter>> _byName = new(() =>
        services.GetServices<IDestinationAdapter>().ToDictionary(a => Destination.KindName(a.Kind), StringComparer.Ordinal));

    /// <summary>The adapter of the agency named <paramref name="agency"/> (<c>vdab</c>, <c>rva</c>, …), or null.</summary>
    public IDestinationAdapter? Find(string agency) => _byName.Value.GetValueOrDefault(agency);
}
