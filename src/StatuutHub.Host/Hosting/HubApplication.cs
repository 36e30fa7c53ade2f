using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Host.Acks;
using StatuutHub.Host.Admin;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Health;
using StatuutHub.Host.Intake;
using StatuutHub.Host.Security;
using StatuutHub.Host.Soap;

namespace StatuutHub.Host.Hosting;

/// <summary>The hub as one object: the web application, and the agency simulator when the demo
/// mode runs it. Program.cs and the tests both start the hub through here.</summary>
public sealed class HubApplication : IAsyncDisposable
{
    private HubApplication(WebApplication app, AgencySimulator? simulator)
    {
        App = app;
        Simulator = simulator;
    }

    /// <summary>Where the hub listens when nothing else is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The ASP.NET Core application.</summary>
    public WebApplication App { get; }

    /// <summary>The mocked agencies, when <c>Simulator:Enabled</c>.</summary>
    public AgencySimulator? Simulator { get; }

    /// <summary>The address the hub listens on (after start).</summary>
    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");

    /// <summary>Builds the hub from the command line, appsettings and environment, as ASP.NET Core does.
    /// <paramref name="customize"/> lets tests replace services (for example the TimeProvider).</summary>
    public static async Task<HubApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            // The default address, unless --urls, ASPNETCORE_URLS or Urls in the configuration says otherwise.
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var simulator = await builder.AddAgencySimulatorAsync();
        await builder.AddStatuutHubAsync(demoMode: simulator is not null);
        builder.AddRequestSizeLimit();
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseRequestSizeLimit(RequestSizeLimit.Configured(app.Configuration));
        app.UseStatuutHubSecurity();
        app.MapHealthApi();
        app.MapAttestApi();
        app.MapAckApi();
        app.MapSoapIntake();
        app.MapAdminApi();
        app.MapDashboard();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return new HubApplication(app, simulator);
    }

    /// <summary>Migrates the store, starts listening and points the simulator's decisions at the hub.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await App.Services.PrepareStoreAsync(ct);
        await App.StartAsync(ct);
        if (Simulator is not null)
        {
            Simulator.HubBaseUrl = BaseAddress;
        }

        App.Logger.LogInformation("StatuutHub listening on {Address}; agency simulator {Simulator}", BaseAddress, Simulator is null ? "off" : "on");
    }

    /// <summary>Starts and runs until shutdown.</summary>
    public async Task RunAsync()
    {
        await StartAsync();
        await App.WaitForShutdownAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (Simulator is not null)
        {
            await Simulator.DisposeAsync();
        }
    }
}
