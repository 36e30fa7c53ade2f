using System.Globalization;
using ExcelDataReader;

namespace StatuutHub.Validation.Batches;

/// <summary>Batch files as Excel saves them (<c>.xlsx</c>): the first sheet, a header row with the cell names of <see cref="AttestRows"/>,
/// one attest per row. Dates typed as dates and numbers typed as numbers are written the way the contract wants them.</summary>
public static class AttestSpreadsheet
{
    // ExcelDataReader asks for Windows-1252 even for .xlsx; .NET has it, once the code-page provider is registered.
    static AttestSpreadsheet() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    /// <summary>Every non-empty row of the first sheet, named <c>{fileName}:{row}</c>.</summary>
    /// <exception cref="InvalidDataException">Not a workbook, empty, a required column missing, or over the limits.</exception>
    public static IReadOnlyList<CsvRow> Read(Stream content, string fileName, IntakeLimits limits)
    {
        using var workbook = content.CanSeek ? null : CopyToMemory(content);
        var seekable = workbook ?? content;
        CheckPackage(seekable, fileName, limits);
        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateOpenXmlReader(seekable, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ExcelDataReader.Exceptions.HeaderException or NotSupportedException)
        {
            throw new InvalidDataException($"{fileName}: geen Excel-werkmap (.xlsx) / not an Excel workbook (.xlsx): {ex.Message}", ex);
        }

        using (reader)
        {
            if (!reader.Read())
            {
                throw new InvalidDataException($"{fileName}: het bestand is leeg / the file is empty.");
            }

            var header = Enumerable.Range(0, reader.FieldCount).Select(i => Text(reader.GetValue(i)).Trim()).ToArray();
            AttestCsv.RequireColumns(fileName, header, "eerste blad / first sheet");
            var rows = new List<CsvRow>();
            var line = 1;
            while (reader.Read())
            {
                line++;
                var cells = Enumerable.Range(0, Math.Min(reader.FieldCount, header.Length)).Select(i => (header[i], Text(reader.GetValue(i)))).ToList();
                if (AttestCsv.Row($"{fileName}:{line}", cells) is { } row)
                {
                    rows.Add(row);
                    AttestCsv.RequireAtMost(fileName, rows.Count, limits);
                }
            }

            return rows;
        }
    }

    /// <summary>The package's directory, read before any part is unpacked: the parts' declared sizes, together and each against
    /// what it takes packed. The sizes the directory declares are the ones unpacking is held to.</summary>
    private static void CheckPackage(Stream content, string fileName, IntakeLimits limits)
    {
        System.IO.Compression.ZipArchive package;
        try
        {
            package = new System.IO.Compression.ZipArchive(content, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"{fileName}: geen Excel-werkmap (.xlsx) / not an Excel workbook (.xlsx): {ex.Message}", ex);
        }

        using (package)
        {
            long unpacked = 0;
            foreach (var part in package.Entries)
            {
                unpacked += part.Length;
                var ratio = part.CompressedLength == 0 ? 0 : part.Length / part.CompressedLength;
                if (unpacked > limits.MaxWorkbookUnpackedBytes || (part.Length > 1024 * 1024 && ratio > limits.MaxWorkbookPackingRatio))
                {
                    throw new InvalidDataException(
                        $"{fileName}: de werkmap pakt uit tot meer dan {limits.MaxWorkbookUnpackedBytes / (1024 * 1024)} MB of is verdacht sterk samengeperst ({part.FullName}); sla ze op zonder ingesloten inhoud of gebruik CSV. / " +
                        $"the workbook unpacks to more than {limits.MaxWorkbookUnpackedBytes / (1024 * 1024)} MB or is suspiciously compressed ({part.FullName}); save it without embedded content or use CSV.");
                }
            }
        }

        content.Position = 0;
    }

    private static MemoryStream CopyToMemory(Stream content)
    {
        var copy = new MemoryStream();
        content.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    /// <summary>A cell as the contract writes it: a date as yyyy-MM-dd, a number with a decimal point.</summary>
    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
