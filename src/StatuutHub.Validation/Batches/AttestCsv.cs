using System.Text;
using CsvHelper;

namespace StatuutHub.Validation.Batches;

/// <summary>Batch files as a spreadsheet saves them as CSV, one attest per row (cells as <see cref="AttestRows"/> names them). Read
/// with CsvHelper: the separator is <c>,</c> or <c>;</c> (what a Flemish Excel writes), found from the header (and Excel's
/// <c>sep=;</c> line); quoted fields may hold the separator; UTF-8 with or without a byte order mark.</summary>
public static class AttestCsv
{
    /// <summary>Every non-empty row of <paramref name="content"/>, named <c>{fileName}:{line}</c>.</summary>
    /// <exception cref="InvalidDataException">The file is empty or lacks a required column (the message says which, in Dutch and English).</exception>
    public static IReadOnlyList<CsvRow> Read(Stream content, string fileName, IntakeLimits limits)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { HasHeader = true, TrackLineNumbers = true }, false);
        var header = csv.Headers.Select(h => h.Trim()).ToArray();
        RequireColumns(fileName, header, $"scheidingsteken / separator '{csv.Separator}'");
        var rows = new List<CsvRow>();
        while (csv.Read())
        {
            var cells = Enumerable.Range(0, Math.Min(csv.FieldCount, header.Length)).Select(i => (header[i], csv.GetString(i))).ToList();
            if (Row($"{fileName}:{csv.LineNumber}", cells) is { } row)
            {
                rows.Add(row);
                RequireAtMost(fileName, rows.Count, limits);
            }
        }

        return rows;
    }

    /// <summary>Stops reading a batch file with more attests than <see cref="IntakeLimits.MaxBatchRows"/>: nothing of it is submitted.</summary>
    internal static void RequireAtMost(string fileName, int rows, IntakeLimits limits)
    {
        if (rows > limits.MaxBatchRows)
        {
            throw new InvalidDataException($"{fileName}: meer dan {limits.MaxBatchRows} attesten in één bestand; splits het op. / more than {limits.MaxBatchRows} attests in one file; split it.");
        }
    }

    /// <summary>Refuses a file without a header or without a required column.</summary>
    internal static void RequireColumns(string fileName, IReadOnlyList<string> header, string found)
    {
        if (header.Count == 0 || header.All(h => h.Length == 0))
        {
            throw new InvalidDataException($"{fileName}: het bestand is leeg / the file is empty.");
        }

        var missing = AttestRows.Required.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{fileName}: kolommen ontbreken / columns missing: {string.Join(", ", missing)} " +
                $"(gevonden / found: {string.Join(", ", header)}; {found}).");
        }
    }

    /// <summary>A row's document, or null for an empty row (a blank line, or a row of empty cells as Excel leaves them).</summary>
    internal static CsvRow? Row(string name, IReadOnlyList<(string Column, string Text)> cells)
    {
        if (cells.All(c => c.Text.Trim().Length == 0))
        {
            return null;
        }

        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (column, text) in cells)
        {
            byName.TryAdd(column, text.Trim()); // a repeated column: the first one counts
        }

        return AttestRows.ReadRow(name, column => byName.TryGetValue(column, out var v) && v.Length > 0 ? v : null);
    }
}
