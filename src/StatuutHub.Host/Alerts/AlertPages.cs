using System.Text;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Alerts;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using static StatuutHub.Host.Dashboard.Page;

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
        builder.Services.AddSingleton<IAlertMail, SmtpAlertMail>();
        builder.Services.AddSingleton<AlertWatch>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AlertWatch>());
    }

    public static void MapAlertPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/meldingen", PageAsync).RequireAuthorization(HubPolicies.DashboardViewer).ExcludeFromDescription();
        app.MapGet("/api/v1/admin/alerts", async (IAlertStore store, CancellationToken ct) => Results.Ok((await store.ReadAlertsAsync(200, ct)).Select(a => new
            {
                key = a.Key, messageNl = a.MessageNl, messageEn = a.MessageEn, firedAt = a.FiredAt, resolvedAt = a.ResolvedAt, notifiedAt = a.NotifiedAt, notifyError = a.NotifyError,
            })))
            .RequireAuthorization(HubPolicies.StaffViewer)
            .Described("Admin", "Meldingen: huidige eerst, dan voorbije / Alerts: current first, then past")
            .Produces<System.Text.Json.JsonElement>(StatusCodes.Status200OK);
    }

    private static async Task<IResult> PageAsync(HttpContext http, IAlertStore store, IOptions<AlertOptions> options, CancellationToken ct)
    {
        var page = new Page(http, l => l["alerts"]);
        var l = page.L;
        var all = await store.ReadAlertsAsync(200, ct);
        page.Raw($"<p>{E(options.Value.Mail.Configured ? string.Format(System.Globalization.CultureInfo.InvariantCulture, l["alertsMailTo"], string.Join(", ", options.Value.Mail.To)) : l["alertsNoMail"])}</p>");
        page.Raw(Table("current-alerts", l["alertsCurrent"], all.Where(a => a.ResolvedAt is null), l));
        page.Raw(Table("past-alerts", l["alertsPast"], all.Where(a => a.ResolvedAt is not null), l));
        return page.Result();
    }

    private static string Table(string id, string caption, IEnumerable<AlertRecord> alerts, Labels l)
    {
        var rows = alerts.ToList();
        if (rows.Count == 0)
        {
            return $"<h2>{E(caption)}</h2><p id=\"{id}\">{E(l["none"])}</p>";
        }

        var html = new StringBuilder($"<table id=\"{id}\"><caption>{E(caption)}</caption><tr><th scope=\"col\">{E(l["alertFired"])}</th><th scope=\"col\">{E(l["alertCleared"])}</th>" +
            $"<th scope=\"col\">{E(l["detail"])}</th><th scope=\"col\">{E(l["alertMailed"])}</th></tr>");
        foreach (var a in rows)
        {
            var mailed = a.NotifyError is { } error ? $"{l["alertMailFailed"]}: {error}" : a.NotifiedAt is { } at ? DashboardPages.Time(at) : l["none"];
            html.Append($"<tr data-alert=\"{E(a.Key)}\"><td>{DashboardPages.When(a.FiredAt)}</td><td>{(a.ResolvedAt is { } r ? DashboardPages.When(r) : string.Empty)}</td>" +
                $"<td>{E(l.English ? a.MessageEn : a.MessageNl)}</td><td>{E(mailed)}</td></tr>");
        }

        return html.Append("</table>").ToString();
    }
}
