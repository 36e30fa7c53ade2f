using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StatuutHub.Adapters.Dimona;
using StatuutHub.Adapters.Mutualiteit;
using StatuutHub.Adapters.Ocmw;
using StatuutHub.Adapters.Rva;
using StatuutHub.Adapters.Vdab;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Authentication;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Tests;

/// <summary>The adapters wired as the hub wires them (typed HttpClients with the destination's credential handler and
/// socket handler), from configuration, in the Production environment; time is a <see cref="FakeTimeProvider"/>.</summary>
public sealed class AdapterHost : IDisposable
{
    private readonly ServiceProvider _services;

    private AdapterHost(ServiceProvider services) => _services = services;

    public FakeTimeProvider Time => (FakeTimeProvider)_services.GetRequiredService<TimeProvider>();

    public ClientCredentialsTokens Tokens => _services.GetRequiredService<ClientCredentialsTokens>();

    public static AdapterHost Start(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow));
        services.AddSingleton<IHostEnvironment>(new ProductionEnvironment());
        foreach (var kind in Enum.GetValues<DestinationKind>())
        {
            services.AddOptions<DestinationOptions>(Destination.KindName(kind)).Bind(configuration.GetSection($"Destinations:{Destination.KindName(kind)}"));
        }

        services.AddOptions<DimonaOptions>();
        services.AddRvaAdapter().AddMutualiteitAdapter().AddOcmwAdapter().AddDimonaAdapter().AddVdabAdapter();
        return new AdapterHost(services.BuildServiceProvider());
    }

    public IDestinationAdapter Adapter(DestinationKind kind) =>
        _services.GetRequiredService<IEnumerable<IDestinationAdapter>>().Single(a => a.Kind == kind);

    /// <summary>The destination's options as the hub validates them at start-up (throws <see cref="OptionsValidationException"/>).</summary>
    public DestinationOptions Options(DestinationKind kind) =>
        _services.GetRequiredService<IOptionsMonitor<DestinationOptions>>().Get(Destination.KindName(kind));

    public void Dispose() => _services.Dispose();

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "StatuutHub.Adapters.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
