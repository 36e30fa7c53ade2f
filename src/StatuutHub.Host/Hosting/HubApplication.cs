using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using StatuutHub.Host.Acks;
using StatuutHub.Host.Admin;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Errors;
using StatuutHub.Host.Health;
using StatuutHub.Host.Intake;
using StatuutHub.Host.Proxy;
using StatuutHub.Host.Security;
using StatuutHub.Host.Soap;

namespace StatuutHub.Host.Hosting;

/// <summary>The hub as one object. Program.cs, the demo launcher (src/StatuutHub.Demo) and the tests all
/// start the hub through here; the product itself knows nothing of the simulated agencies.</summary>
public sealed class HubApplication : IAsyncDisposable
{
    private HubApplication(WebApplication app) => App = app;

    /// <summary>Where the hub listens when nothing else is configured.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The ASP.NET Core application.</summary>
    public WebApplication App { get; }

    /// <summary>The address the hub listens on (after start).</summary>
    public Uri BaseAddress => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");

    /// <summary>Builds the hub from the command line, appsettings and environment, as ASP.NET Core does.
    /// <paramref name="customize"/> lets tests replace services (for example the TimeProvider).</summary>
    public static Task<HubApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? customize = null) =>
        BuildAsync(CreateBuilder(args), customize);

    /// <summary>The builder with the hub's default address, for a launcher that adds configuration before <see cref="BuildAsync(WebApplicationBuilder, Action{WebApplicationBuilder}?)"/>.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // Under systemd (Type=notify): readiness and stopping reported to it, logs in the journal's format. Elsewhere: nothing.
        builder.Services.AddSystemd();
        // The default address, unless the ASP.NET Core conventions name one: --urls, ASPNETCORE_URLS, ASPNETCORE_HTTP_PORTS,
        // ASPNETCORE_HTTPS_PORTS (or the same keys in the configuration), or Kestrel:Endpoints.
        string[] conventions = ["urls", "http_ports", "https_ports"];
        if (conventions.All(key => string.IsNullOrEmpty(builder.Configuration[key]))
            && !builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>Adds the hub's services to <paramref name="builder"/>, builds it and maps every endpoint (the table of contents).</summary>
    public static async Task<HubApplication> BuildAsync(WebApplicationBuilder builder, Action<WebApplicationBuilder>? customize = null)
    {
        await builder.AddStatuutHubAsync();
        builder.AddRequestSizeLimit();
        customize?.Invoke(builder);

        var app = builder.Build();
        app.UseTrustedProxies();
        app.UseStatuutHubErrors();
        app.UseStatusCodePages();
        app.UseSecurityHeaders();
        app.UseRequestSizeLimit(RequestSizeLimit.Configured(app.Configuration));
        app.UseStatuutHubSecurity();
        app.MapHealthApi();
        app.MapAttestApi();
        StatuutHub.Host.Receipts.ReceiptApi.MapReceiptApi(app);
        app.MapAckApi();
        app.MapSoapIntake();
        app.MapAdminApi();
        StatuutHub.Host.Callbacks.CallbackApi.MapCallbackApi(app);
        StatuutHub.Host.Portal.PortalPages.MapPortal(app);
        StatuutHub.Host.Inbox.InboxServices.MapInbox(app);
        StatuutHub.Host.Alerts.AlertPages.MapAlertPages(app);
        StatuutHub.Host.Statistics.StatisticsApi.MapStatisticsApi(app);
        StatuutHub.Host.Receipts.ReceiptPages.MapReceiptVerification(app);
        app.MapDashboard();
        app.MapApiDescription();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return new HubApplication(app);
    }

    /// <summary>Migrates the store and starts listening.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        await App.Services.PrepareStoreAsync(ct);
        await App.StartAsync(ct);
        App.Logger.LogInformation("StatuutHub listening on {Address} ({Environment})", BaseAddress, App.Environment.EnvironmentName);
    }

    /// <summary>Starts and runs until shutdown.</summary>
    public async Task RunAsync()
    {
        await StartAsync();
        await App.WaitForShutdownAsync();
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
