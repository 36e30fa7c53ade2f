using System.Globalization;
using System.Text;
using StatuutHub.Application.Statistics;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Problems;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Statistics;

/// <summary><c>/api/v1/statistics</c>: the sector statistics for a research body or the sector's own reports, as JSON or as one
/// CSV table; <c>POST /api/v1/admin/statistics/refresh</c> makes them anew. Anonymous by construction (docs/statistics.md).</summary>
public static class StatisticsApi
{
    private const string Tag = "Statistics";

    /// <summary>Numbers with a decimal comma, as Belgian spreadsheets read them (the hub runs without culture data).</summary>
    public static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    public static void MapStatisticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/statistics", ReadAsync).RequireAuthorization(HubPolicies.StaffViewer)
            .Described(Tag, "Sectorstatistieken, anoniem (kleine groepen onderdrukt); format=csv met table=attests|recognition|refusals / Sector statistics, anonymous (small groups suppressed)", 400, 404)
            .Produces<StatisticsReport>(StatusCodes.Status200OK);
        app.MapPost("/api/v1/admin/statistics/refresh", async (SectorStatistics statistics, CancellationToken ct) =>
            {
                var report = await statistics.RunOnceAsync(ct);
                return TypedResults.Ok(new StatisticsRefreshed(report.ComputedAt, report.Attests.Count, report.Recognition.Count, report.Refusals.Count));
            })
            .RequireAuthorization(HubPolicies.StaffOperator)
            .Described(Tag, "De sectorstatistieken nu opnieuw berekenen (operator) / Make the sector statistics anew now (operator)")
            .Produces<StatisticsRefreshed>(StatusCodes.Status200OK);
    }

    private static async Task<IResult> ReadAsync(string? format, string? table, SectorStatistics statistics, CancellationToken ct)
    {
        if (await statistics.ReadAsync(ct) is not { } report)
        {
            return HubProblems.Single(StatusCodes.Status404NotFound, "STATISTICS_NOT_READY",
                "De statistieken zijn nog niet berekend; ze worden 's nachts gemaakt (of nu, door een operator).", "The statistics have not been made yet; they are made nightly (or now, by an operator).");
        }

        if (format is null or "json")
        {
            return Results.Json(report, SectorStatistics.Json);
        }

        return format == "csv" && CsvFile(report, table) is { } file
            ? file
            : HubProblems.Single(StatusCodes.Status400BadRequest, "STATISTICS_FORMAT_UNKNOWN",
                "Kies format=json, of format=csv met table=attests, recognition of refusals.", "Choose format=json, or format=csv with table=attests, recognition or refusals.");
    }

    /// <summary>One table (attests by default) as a CSV file to download, with a byte order mark; null for an unknown table.</summary>
    public static IResult? CsvFile(StatisticsReport report, string? table) =>
        Csv(report, table ?? "attests") is { } csv
            ? Results.File(new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(),
                "text/csv; charset=utf-8", $"statistieken-{table ?? "attests"}-{report.AsOf:yyyy-MM-dd}.csv")
            : null;

    /// <summary>One table as CSV for a Belgian spreadsheet: <c>;</c> between cells, a decimal comma, "&lt;5" for a suppressed count.</summary>
    public static string? Csv(StatisticsReport report, string table)
    {
        var small = $"<{report.Threshold}";
        string N(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? small;
        string D(double? d, int? n) => n is null ? small : d?.ToString("0.0", StatisticsApi.DecimalComma) ?? string.Empty;
        IEnumerable<IEnumerable<string?>>? rows = table switch
        {
            "attests" => report.Attests.Select(c => new[] { c.Month, c.Province, c.Region, c.Kind, c.Benefit, N(c.Started), N(c.Running), N(c.Ended) })
                .Prepend(["month", "province", "region", "kind", "benefit", "started", "running", "ended"]),
            "recognition" => report.Recognition.Select(c => new[] { c.Month, c.Body, N(c.Approved), D(c.MedianDays, c.Approved), D(c.P90Days, c.Approved) })
                .Prepend(["month", "body", "approved", "medianDays", "p90Days"]),
            "refusals" => report.Refusals.Select(c => new[] { c.Body, c.ReasonCode, N(c.Refused) }).Prepend(["body", "reasonCode", "refused"]),
            _ => null,
        };
        return rows is null ? null : string.Concat(rows.Select(r => DeliveryExport.Line(r) + "\r\n"));
    }
}

/// <summary>The statistics made anew: when, and how many cells each table has.</summary>
public sealed record StatisticsRefreshed(DateTimeOffset ComputedAt, int AttestCells, int RecognitionCells, int RefusalCells);
