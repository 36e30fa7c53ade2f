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
    private DemoHub(HubApplication hub, AgencySimulator simulator)
    {
        Hub = hub;
        Simulator = simulator;
    }

    /// <summary>The hub itself, exactly as the product runs it.</summary>
    public HubApplication Hub { get; }

    /// <summary>The simulated agencies, to inspect or to inject faults.</summary>
    public AgencySimulator Simulator { get; }

    /// <summary>The ASP.NET Core application of the hub.</summary>
    public WebApplication App => Hub.App;

    /// <summary>The address the hub listens on (after start).</summary>
    public Uri BaseAddress => Hub.BaseAddress;

    /// <summary>Starts the simulated agencies (section <c>Simulator</c>) and builds the hub around them;
    /// <paramref name="customize"/> lets tests replace services.</summary>
    public static async Task<DemoHub> BuildAsync(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = HubApplication.CreateBuilder(WithDemoDefaults(args));
        var options = builder.Configuration.GetSection("Simulator").Get<SimulatorOptions>() ?? new SimulatorOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);

        // The simulated agencies sign their decisions with the demo agency keys, which demo mode accepts.
        var simulator = await AgencySimulator.StartAsync(DemoMode.AgencyKeys(), options.FirstPort);
        try
        {
            simulator.Configure(options.Latency, options.DecisionDelay);
            builder.Configuration.AddInMemoryCollection(Enum.GetValues<DestinationKind>()
                .Select(k => new KeyValuePair<string, string?>($"Destinations:{Destination.KindName(k)}:BaseUrl", simulator[k].BaseUrl.ToString()))
                .Append(new KeyValuePair<string, string?>("Security:DemoCredentials", "true")));
            return new DemoHub(await HubApplication.BuildAsync(builder, customize), simulator);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the hub and points the agencies' decisions at it.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await Hub.StartAsync(ct);
        Simulator.HubBaseUrl = BaseAddress;
        App.Logger.LogInformation("Demo: simulated agencies at {Agencies}; sign in at {Dashboard} as operator / {Password}",
            string.Join(", ", Simulator.Agencies.Select(a => a.BaseUrl)), BaseAddress, DemoCredentials.OperatorPassword);
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
        await Simulator.DisposeAsync();
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
