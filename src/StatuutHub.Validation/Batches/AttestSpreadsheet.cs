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
    /// <exception cref="InvalidDataException">Not a workbook, empty, or a required column missing.</exception>
    public static IReadOnlyList<CsvRow> Read(Stream content, string fileName)
    {
        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateOpenXmlReader(content, new ExcelReaderConfiguration { LeaveOpen = true });
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
                }
            }

            return rows;
        }
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
