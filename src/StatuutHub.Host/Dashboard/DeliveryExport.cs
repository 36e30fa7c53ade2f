using System.Globalization;
using System.Text;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Dashboard;

/// <summary>The filtered delivery list as a CSV file, every page of it, written as it is read: what a spreadsheet in Flanders opens
/// as it is (UTF-8 with a byte order mark, <c>;</c> between cells, Belgian times). No personal data: the list holds none.</summary>
public static class DeliveryExport
{
    private const int PageSize = 500;

    public static async Task WriteAsync(HttpContext http, string? state, string? destination, string? initiative, DateOnly? from, DateOnly? to, ISupportQueries store, CancellationToken ct)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"bezorgingen-{DashboardPages.Time(DateTimeOffset.UtcNow)[..10]}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Line(["deliveryId", "attestId", "initiative", "destination", "version", "message", "state", "attempts", "created", "reason"]));
        long? before = null;
        do
        {
            var page = await store.ListDeliveriesAsync(DashboardPages.Filter(state, destination, initiative, from, to, before, PageSize) with { WithTotal = false }, ct);
            foreach (var d in page.Items)
            {
                await writer.WriteLineAsync(Line([
                    d.DeliveryId.ToString(CultureInfo.InvariantCulture), d.AttestId.ToString("D"), d.InitiativeKbo, d.Destination,
                    d.Version.ToString(CultureInfo.InvariantCulture), d.Kind.ToString(), d.State.ToString(), d.Attempts.ToString(CultureInfo.InvariantCulture),
                    Domain.Calendar.BelgianTime.Local(d.CreatedAt).ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture), d.ReasonCode ?? d.LastError,
                ]));
            }

            before = page.NextBefore;
        }
        while (before is not null);
    }

    /// <summary>One CSV line: a cell with <c>;</c>, a quote or a line break is quoted, its quotes doubled; a cell that a spreadsheet
    /// would read as a formula (<c>= + - @</c>, or a tab or carriage return before one, which spreadsheets skip) gets a leading
    /// apostrophe.</summary>
    public static string Line(IEnumerable<string?> cells) => string.Join(';', cells.Select(Cell));

    private static string Cell(string? value)
    {
        var text = value ?? string.Empty;
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
