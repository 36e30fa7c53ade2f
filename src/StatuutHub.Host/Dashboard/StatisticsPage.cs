using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Statistics;
using StatuutHub.Host.Security;
using static StatuutHub.Host.Dashboard.Page;

namespace StatuutHub.Host.Dashboard;

/// <summary><c>/statistieken</c>: the sector statistics as tables (from the kept aggregate, so the page costs the same at any size),
/// with every small group shown as "&lt;5", the downloads, and for an operator "make them anew".</summary>
public static class StatisticsPage
{
    public static void MapStatisticsPage(this RouteGroupBuilder pages)
    {
        pages.MapGet("/statistieken", ShowAsync);
        pages.MapPost("/acties/statistieken", RefreshAsync).RequireAuthorization(HubPolicies.DashboardOperator);
    }

    private static async Task<IResult> ShowAsync(HttpContext http, SectorStatistics statistics, Domain.Geography.ProvinceTable provinces, CancellationToken ct)
    {
        var page = new Page(http, l => l["statistics"]);
        var l = page.L;
        var refresh = page.ActionForm("/acties/statistieken", [], l["statisticsRefresh"]);
        if (await statistics.ReadAsync(ct) is not { } report)
        {
            return page.Raw($"<p id=\"statistics-none\">{E(l["statisticsNone"])}</p><p>{refresh}</p>").Result();
        }

        var small = $"<{report.Threshold}";
        string N(int? n) => n is { } v ? v.ToString(CultureInfo.InvariantCulture) : $"<abbr title=\"{E(string.Format(CultureInfo.InvariantCulture, l["suppressed"], report.Threshold))}\">{E(small)}</abbr>";
        string D(double? d, int? n) => n is null ? N(null) : E(d?.ToString("0.0", Statistics.StatisticsApi.DecimalComma));
        page.Raw($"<p id=\"statistics-about\" data-threshold=\"{report.Threshold}\">{E(string.Format(CultureInfo.InvariantCulture, l["statisticsAbout"], report.Threshold))} " +
            $"{E(l["computedAt"])} {DashboardPages.When(report.ComputedAt)}.</p><p>{refresh} " +
            $"<a href=\"/api/v1/statistics?format=json\" download>JSON</a> · <a href=\"/statistieken/export?table=attests\">CSV {E(l["attestsTable"])}</a> · " +
            $"<a href=\"/statistieken/export?table=recognition\">CSV {E(l["recognitionTable"])}</a> · <a href=\"/statistieken/export?table=refusals\">CSV {E(l["refusalsTable"])}</a></p>");

        var attests = new StringBuilder($"<table id=\"statistics-attests\"><caption>{E(l["attestsTable"])}</caption><tr><th scope=\"col\">{E(l["month"])}</th><th scope=\"col\">{E(l["province"])}</th>" +
            $"<th scope=\"col\">{E(l["region"])}</th><th scope=\"col\">{E(l["kind"])}</th><th scope=\"col\">{E(l["benefit"])}</th><th scope=\"col\">{E(l["started"])}</th><th scope=\"col\">{E(l["running"])}</th><th scope=\"col\">{E(l["ended"])}</th></tr>");
        foreach (var c in report.Attests)
        {
            attests.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Month)}</td><td data-code=\"{E(c.Province)}\">{E(ProvinceName(provinces, c.Province, l))}</td><td>{E(c.Region)}</td><td>{E(c.Kind)}</td><td data-code=\"{E(c.Benefit)}\">{E(BenefitName(c.Benefit, l))}</td><td>{N(c.Started)}</td><td>{N(c.Running)}</td><td>{N(c.Ended)}</td></tr>");
        }

        var recognition = new StringBuilder($"<table id=\"statistics-recognition\"><caption>{E(l["recognitionTable"])}</caption><tr><th scope=\"col\">{E(l["month"])}</th><th scope=\"col\">{E(l["body"])}</th>" +
            $"<th scope=\"col\">{E(l["approvedCount"])}</th><th scope=\"col\">{E(l["medianDays"])}</th><th scope=\"col\">{E(l["p90Days"])}</th></tr>");
        foreach (var c in report.Recognition)
        {
            recognition.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Month)}</td><td>{E(c.Body)}</td><td>{N(c.Approved)}</td><td>{D(c.MedianDays, c.Approved)}</td><td>{D(c.P90Days, c.Approved)}</td></tr>");
        }

        var refusals = new StringBuilder($"<table id=\"statistics-refusals\"><caption>{E(l["refusalsTable"])}</caption><tr><th scope=\"col\">{E(l["body"])}</th><th scope=\"col\">{E(l["reasonCode"])}</th><th scope=\"col\">{E(l["refusedCount"])}</th></tr>");
        foreach (var c in report.Refusals)
        {
            refusals.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Body)}</td><td>{E(c.ReasonCode)}</td><td>{N(c.Refused)}</td></tr>");
        }

        if (report.Refusals.Count == 0)
        {
            refusals.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"3\">{E(l["none"])}</td></tr>");
        }

        return page.Raw($"{attests}</table>{recognition}</table>{refusals}</table>").Result();
    }

    /// <summary>A province in words (its code stays in the CSV and JSON, for research).</summary>
    private static string ProvinceName(Domain.Geography.ProvinceTable provinces, string code, Labels l) =>
        provinces.Rows.Select(r => r.Province).FirstOrDefault(p => p.Code == code) is { } province ? (l.English ? province.NameEn : province.NameNl) : code;

    private static string BenefitName(string code, Labels l) =>
        l.Of(Domain.Attests.ContractNames.TryParseBenefit(code, out var benefit) ? benefit : Domain.Attests.Benefits.None); // NONE: "geen"

    /// <summary>The CSV downloads for people (the page's cookie), the same tables as <c>/api/v1/statistics?format=csv</c>.</summary>
    internal static async Task<IResult> ExportAsync(string? table, SectorStatistics statistics, CancellationToken ct) =>
        await statistics.ReadAsync(ct) is { } report && Statistics.StatisticsApi.Csv(report, table ?? "attests") is { } csv
            ? Results.File(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(),
                "text/csv; charset=utf-8", $"statistieken-{table ?? "attests"}-{report.AsOf:yyyy-MM-dd}.csv")
            : Results.NotFound();

    private static async Task<IResult> RefreshAsync(HttpContext http, IAntiforgery antiforgery, SectorStatistics statistics, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        await statistics.RunOnceAsync(ct);
        return Results.Redirect("/statistieken");
    }
}
