using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Hosting;
using StatuutHub.Host.Security;

namespace StatuutHub.Demo;

/// <summary>The demo mode: the hub in the Development environment with the published demo credentials,
/// its destinations pointed at the five simulated agencies, which post their decisions back to it.</summary>
public sealed class DemoHub : IAsyncDisposable
{
    private readonly AgencySimulator? _simulator;
    private readonly IReadOnlyList<Uri> _otherHubs;

    private DemoHub(HubApplication hub, AgencySimulator? simulator, IReadOnlyList<Uri> otherHubs)
    {
        Hub = hub;
        _simulator = simulator;
        _otherHubs = otherHubs;
    }

    /// <summary>The hub itself, exactly as the product runs it.</summary>
    public HubApplication Hub { get; }

    /// <summary>The simulated agencies, to inspect or to inject faults (not in <c>external</c> mode: they run in another process).</summary>
    public AgencySimulator Simulator => _simulator ?? throw new InvalidOperationException("Simulator:Mode is external: the agencies run in another process.");

    /// <summary>The ASP.NET Core application of the hub.</summary>
    public WebApplication App => Hub.App;

    /// <summary>The address the hub listens on (after start).</summary>
    public Uri BaseAddress => Hub.BaseAddress;

    /// <summary>Starts the simulated agencies (section <c>Simulator</c>) and builds the hub around them;
    /// <paramref name="customize"/> lets tests replace services.</summary>
    public static async Task<DemoHub> BuildAsync(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = HubApplication.CreateBuilder(WithDemoDefaults(args));
        var options = Options(builder.Configuration);
        // The bodies that read their requests in the hub's inbox (docs/inbox.md), checked before anything starts.
        var inbox = options.InboxDestinations.Select(name => new KeyValuePair<string, string?>(
            $"Destinations:{Destination.KindName(KindNamed(name, "InboxDestinations"))}:Transport", "Inbox")).ToArray();

        // The simulated agencies sign their decisions with the demo agency keys, which demo mode accepts.
        options.StateDirectory ??= Path.Combine(Path.GetFullPath(builder.Configuration["Storage:DataDirectory"] ?? "data"), "agencies");
        var simulator = options.Mode == "external" ? null : await StartAgenciesAsync(options);
        try
        {
            var broker = DemoBroker(builder.Configuration, options);
            if (simulator is not null && options.QueueDestinations.Count > 0)
            {
                await simulator.UseQueuesAsync(Bind(builder.Configuration, broker), "statuut", [.. options.QueueDestinations.Select(n => KindNamed(n, "QueueDestinations"))]);
            }

            // Each destination's address and the credential its simulated agency demands (an OAuth2 client or an API key),
            // placed before the command line so that a setting given there still wins.
            var demo = new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
            {
                InitialData = (simulator?.HubSettings() ?? AgencySimulator.DemoHubSettings(options.FirstPort))
                    .Append(new KeyValuePair<string, string?>("Security:DemoCredentials", "true"))
                    // A demo initiative's callback receiver runs on this machine, often over plain HTTP.
                    .Append(new KeyValuePair<string, string?>("Callbacks:AllowHttp", "true"))
                    .Append(new KeyValuePair<string, string?>("Callbacks:AllowPrivateNetworks", "true"))
                    // Published like the other demo secrets: only for the demo's audit checkpoints.
                    .Append(new KeyValuePair<string, string?>("Audit:CheckpointKey", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("DEMO-ONLY-audit-checkpoint-key-0123456789"))))
                    .Concat(DemoReconciliation())
                    .Concat(inbox)
                    .Concat(broker),
            };
            IList<IConfigurationSource> sources = ((IConfigurationBuilder)builder.Configuration).Sources;
            var commandLine = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationSource);
            sources.Insert(commandLine.source is null ? sources.Count : commandLine.index, demo);
            return new DemoHub(await HubApplication.BuildAsync(builder, customize), simulator, options.HubUrls);
        }
        catch
        {
            if (simulator is not null)
            {
                await simulator.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The demo's agencies decide in seconds, so the hub asks about a missing decision after 30 seconds (the product's
    /// default is a day), and looks every 10 seconds: a decision lost in a crash is found while someone watches.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> DemoReconciliation() =>
        Enum.GetValues<DestinationKind>().SelectMany(k => new KeyValuePair<string, string?>[]
        {
            new($"Destinations:{Destination.KindName(k)}:ReconcileAfter", "00:00:30"),
            new($"Destinations:{Destination.KindName(k)}:ReconcileInterval", "00:00:30"),
        }).Append(new("Reconciliation:PollInterval", "00:00:10"));

    /// <summary>With agencies on queues: the broker a newcomer most likely has (a local RabbitMQ with its AMQP 1.0 plugin, as guest on
    /// loopback), for each <c>Broker:*</c> setting not given.</summary>
    private static KeyValuePair<string, string?>[] DemoBroker(IConfiguration configuration, SimulatorOptions options) => options.QueueDestinations.Count == 0 ? [] :
        new KeyValuePair<string, string?>[] { new("Broker:Enabled", "true"), new("Broker:Host", "127.0.0.1"), new("Broker:UserName", "guest"), new("Broker:Password", "guest") }
            .Where(s => configuration[s.Key] is null).ToArray();

    /// <summary>The broker settings as configured, with the demo's defaults under them.</summary>
    private static StatuutHub.Broker.BrokerOptions Bind(IConfiguration configuration, IEnumerable<KeyValuePair<string, string?>> defaults)
    {
        var merged = new ConfigurationBuilder().AddInMemoryCollection(defaults).AddConfiguration(configuration).Build();
        return merged.GetSection(StatuutHub.Broker.BrokerOptions.Section).Get<StatuutHub.Broker.BrokerOptions>() ?? new StatuutHub.Broker.BrokerOptions();
    }

    private static DestinationKind KindNamed(string name, string setting) =>
        Enum.GetValues<DestinationKind>().Cast<DestinationKind?>().FirstOrDefault(k => string.Equals(Destination.KindName(k!.Value), name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ValidationException($"Simulator:{setting}: '{name}' is not an agency (rva, mutualiteit, ocmw, dimona, vdab).");

    /// <summary>The section <c>Simulator</c>, validated.</summary>
    public static SimulatorOptions Options(IConfiguration configuration)
    {
        var options = configuration.GetSection("Simulator").Get<SimulatorOptions>() ?? new SimulatorOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }

    /// <summary>The five simulated agencies with the demo's latency and decision delay.</summary>
    public static async Task<AgencySimulator> StartAgenciesAsync(SimulatorOptions options)
    {
        var simulator = await AgencySimulator.StartAsync(DemoMode.AgencyKeys(), options.FirstPort, stateDirectory: options.StateDirectory);
        simulator.Configure(options.Latency, options.DecisionDelay);
        return simulator;
    }

    /// <summary>Starts the hub and points the agencies' decisions at it (and at <c>Simulator:HubUrls</c> when it does not answer).</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await Hub.StartAsync(ct);
        if (_simulator is null)
        {
            App.Logger.LogInformation("Demo: the simulated agencies run in another process (from port {Port}); sign in at {Dashboard} as operator / {Password}",
                Options(App.Configuration).FirstPort, BaseAddress, DemoCredentials.OperatorPassword);
            return;
        }

        _simulator.HubBaseUrls = [BaseAddress, .. _otherHubs];
        App.Logger.LogInformation("Demo: simulated agencies at {Agencies}; sign in at {Dashboard} as operator / {Password}",
            string.Join(", ", _simulator.Agencies.Select(a => a.BaseUrl)), BaseAddress, DemoCredentials.OperatorPassword);
    }

    /// <summary>Starts and runs until shutdown.</summary>
    public async Task RunAsync()
    {
        await StartAsync();
        await App.WaitForShutdownAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    /// <summary>The Development environment unless the caller names one (then the hub refuses to start
    /// outside Development), and the configuration read from beside the program wherever it is started.</summary>
    private static string[] WithDemoDefaults(string[] args)
    {
        var extra = new List<string>();
        var named = args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"));
        if (!named)
        {
            extra.Add("--environment=Development");
        }

        if (!args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)))
        {
            extra.Add($"--contentRoot={AppContext.BaseDirectory}");
        }

        return [.. extra, .. args];
    }
}
