using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Statistics;
using StatuutHub.Host.Security;

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
        return page.Component<Razor.StatisticsView>(new Dictionary<string, object?>
        {
            [nameof(Razor.StatisticsView.L)] = page.L,
            [nameof(Razor.StatisticsView.Report)] = await statistics.ReadAsync(ct),
            [nameof(Razor.StatisticsView.Provinces)] = provinces,
        }).Result();
    }

    /// <summary>The CSV downloads for people (the page's cookie), the same tables as <c>/api/v1/statistics?format=csv</c>.</summary>
    internal static async Task<IResult> ExportAsync(string? table, SectorStatistics statistics, CancellationToken ct) =>
        await statistics.ReadAsync(ct) is { } report && Statistics.StatisticsApi.CsvFile(report, table) is { } file ? file : Results.NotFound();

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
