using Microsoft.Extensions.Options;
using StatuutHub.Application.Alerts;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Alerts;

/// <summary>Alerts: the watch and its mail (<c>Alerts</c> section), the dashboard page of current and past alerts (<c>/meldingen</c>) and
/// the same as JSON (<c>GET /api/v1/admin/alerts</c>).</summary>
public static class AlertPages
{
    public static void AddStatuutHubAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertOptions>().Bind(builder.Configuration.GetSection("Alerts")).ValidateDataAnnotations()
            .Validate(o => o.Mail.Security is "StartTls" or "SslOnConnect" or "None", "Alerts:Mail:Security must be StartTls, SslOnConnect or None.")
            .Validate(o => o.Mail.To.All(a => MimeKit.MailboxAddress.TryParse(a, out _)) && MimeKit.MailboxAddress.TryParse(o.Mail.From, out _),
                "Alerts:Mail:From and every Alerts:Mail:To must be an e-mail address.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SmtpMail>();
        builder.Services.AddSingleton<IAlertMail>(sp => sp.GetRequiredService<SmtpMail>());
        builder.Services.AddSingleton<AlertWatch>();
        builder.Services.AddSingleton<StatuutHub.Application.Jobs.IPeriodicJob>(sp => sp.GetRequiredService<AlertWatch>());
    }

    public static void MapAlertPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/meldingen", PageAsync).RequireAuthorization(HubPolicies.DashboardViewer).ExcludeFromDescription();
        app.MapGet("/api/v1/admin/alerts", async (IAlertStore store, CancellationToken ct) => TypedResults.Ok(await store.ReadAlertsAsync(200, ct)))
            .RequireAuthorization(HubPolicies.StaffViewer)
            .Described("Admin", "Meldingen: huidige eerst, dan voorbije / Alerts: current first, then past")
            .Produces<IReadOnlyList<AlertRecord>>(StatusCodes.Status200OK);
    }

    private static async Task<IResult> PageAsync(HttpContext http, IAlertStore store, IOptions<AlertOptions> options, CancellationToken ct)
    {
        var page = new Page(http, l => l["alerts"]);
        var l = page.L;
        return page.Component<Dashboard.Razor.AlertsView>(new Dictionary<string, object?>
        {
            [nameof(Dashboard.Razor.AlertsView.L)] = l,
            [nameof(Dashboard.Razor.AlertsView.Recipients)] = options.Value.Mail.Configured
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, l["alertsMailTo"], string.Join(", ", options.Value.Mail.To))
                : l["alertsNoMail"],
            [nameof(Dashboard.Razor.AlertsView.Alerts)] = await store.ReadAlertsAsync(200, ct),
        }).Result();
    }
}
