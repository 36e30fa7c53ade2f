using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;

namespace StatuutHub.Cli;

/// <summary>A row of a batch file: the attest as a contract JSON document, or why the row cannot be one.</summary>
public sealed record CsvRow(string Name, string? Json, IReadOnlyList<string> Problems);

/// <summary>Batch files from spreadsheets: one attest per row, columns named like the JSON contract
/// (<c>attestId,kind,kbo,establishmentUnit,initiativeName,insz,familyName,givenName,birthDate,residenceNis,
/// landsbond,benefits,startDate,endDate,hoursPerWeek,workplace,description,expenseAllowancePerDay,daysPerWeek</c>).
/// Read with CsvHelper: the separator is <c>,</c> or <c>;</c> (what a Flemish Excel writes), found from the header;
/// quoted fields may hold the separator; a number may have a decimal comma (<c>4,50</c>, then a dot groups thousands);
/// <c>benefits</c> are separated by <c>;</c>, or by <c>|</c> or a space in a <c>;</c>-separated file.</summary>
public static class AttestCsv
{
    private static readonly string[] Required = ["attestId", "kind", "kbo", "insz", "benefits", "startDate", "hoursPerWeek"];

    public static IReadOnlyList<CsvRow> Read(string path)
    {
        // The separator is left to CsvHelper's detection (and Excel's "sep=;" first line); a UTF-8 byte order mark is skipped.
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true }, false);
        var header = csv.Headers.Select(h => h.Trim()).ToArray();
        if (header.Length == 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: het CSV-bestand is leeg / the CSV file is empty.");
        }

        var missing = Required.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: kolommen ontbreken / columns missing: {string.Join(", ", missing)} " +
                $"(gevonden / found: {string.Join(", ", header)}; scheidingsteken / separator '{csv.Separator}').");
        }

        var rows = new List<CsvRow>();
        while (csv.Read())
        {
            if (Enumerable.Range(0, csv.FieldCount).All(i => csv.GetString(i).Trim().Length == 0))
            {
                continue; // an empty line, or a row of empty cells as Excel leaves them
            }

            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < Math.Min(csv.FieldCount, header.Length); i++)
            {
                cells.TryAdd(header[i], csv.GetString(i).Trim()); // a repeated column: the first one counts
            }

            rows.Add(ReadRow($"{Path.GetFileName(path)}:{csv.LineNumber}", name => cells.TryGetValue(name, out var v) && v.Length > 0 ? v : null));
        }

        return rows;
    }

    private static CsvRow ReadRow(string name, Func<string, string?> cell)
    {
        var problems = new List<string>();
        JsonNode? Number(string column)
        {
            if (cell(column) is not { } text)
            {
                return null;
            }

            if (ParseNumber(text) is { } value)
            {
                return JsonValue.Create(value);
            }

            problems.Add($"{column}: '{text}' is geen getal / is not a number");
            return null;
        }

        var initiative = new JsonObject { ["kbo"] = cell("kbo"), ["name"] = cell("initiativeName") };
        if (cell("establishmentUnit") is { } unit)
        {
            initiative.Insert(1, "establishmentUnit", unit);
        }

        var participant = new JsonObject
        {
            ["insz"] = cell("insz"), ["familyName"] = cell("familyName"), ["givenName"] = cell("givenName"),
            ["birthDate"] = cell("birthDate"), ["residenceNis"] = cell("residenceNis"),
        };
        if (cell("landsbond") is { } landsbond)
        {
            participant["landsbond"] = landsbond;
        }

        var activity = new JsonObject
        {
            ["startDate"] = cell("startDate"), ["endDate"] = cell("endDate"), ["hoursPerWeek"] = Number("hoursPerWeek"),
            ["workplace"] = cell("workplace"),
        };
        if (cell("description") is { } description)
        {
            activity["description"] = description;
        }

        activity["expenseAllowancePerDay"] = Number("expenseAllowancePerDay");
        if (Number("daysPerWeek") is { } days)
        {
            activity["daysPerWeek"] = days;
        }

        var benefits = new JsonArray((cell("benefits") ?? string.Empty).Split([';', '|', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => (JsonNode)JsonValue.Create(b)!).ToArray());
        var doc = new JsonObject
        {
            ["attestId"] = cell("attestId"), ["kind"] = cell("kind"), ["initiative"] = initiative, ["participant"] = participant,
            ["benefits"] = benefits, ["activity"] = activity,
        };
        return problems.Count == 0 ? new CsvRow(name, doc.ToJsonString(), []) : new CsvRow(name, null, problems);
    }

    /// <summary><c>4.50</c>, <c>4,50</c>, <c>1.234,50</c>, <c>16</c>; null for anything else.</summary>
    public static decimal? ParseNumber(string text)
    {
        var invariant = text.Contains(',', StringComparison.Ordinal)
            ? text.Replace(".", string.Empty, StringComparison.Ordinal).Replace(',', '.')
            : text;
        return decimal.TryParse(invariant, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
