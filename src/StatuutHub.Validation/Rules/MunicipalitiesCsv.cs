using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Validation.Rules;

/// <summary>Reads the municipality list (<c>municipalities.csv</c>: Statbel's NIS codes with validity dates, a
/// source key per row, the sources declared in the file's header). A malformed row, an undeclared source or rows
/// that contradict each other refuse the file with the line and the reason.</summary>
public static partial class MunicipalitiesCsv
{
    /// <summary>The list shipped with the hub.</summary>
    public static MunicipalityRegister LoadDefault()
    {
        using var stream = typeof(MunicipalitiesCsv).Assembly.GetManifestResourceStream("municipalities.csv")
            ?? throw new InvalidOperationException("The built-in municipalities.csv resource is missing.");
        return Load(stream);
    }

    /// <summary>Reads a list; throws <see cref="InvalidDataException"/> with the reason when it is unusable.</summary>
    public static MunicipalityRegister Load(Stream csv)
    {
        using var reader = new StreamReader(csv, Encoding.UTF8);
        var sources = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        var rows = new List<Municipality>();
        StringBuilder? lastSource = null;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.StartsWith('#'))
            {
                lastSource = ReadSourceLine(line, sources, lastSource);
                continue;
            }

            if (line.Length > 0)
            {
                rows.Add(ReadRow(line, lineNumber, sources));
            }
        }

        try
        {
            return new MunicipalityRegister(rows);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"The municipality list is not usable: {ex.Message}", ex);
        }
    }

    // "#   S2025  text" declares a source; deeper-indented comment lines continue it.
    private static StringBuilder? ReadSourceLine(string line, Dictionary<string, StringBuilder> sources, StringBuilder? last)
    {
        if (SourceDeclaration().Match(line) is { Success: true } declared)
        {
            var text = new StringBuilder(declared.Groups[2].Value.Trim());
            sources[declared.Groups[1].Value] = text;
            return text;
        }

        if (last is not null && SourceContinuation().Match(line) is { Success: true } more)
        {
            last.Append(' ').Append(more.Groups[1].Value.Trim());
            return last;
        }

        return null;
    }

    private static Municipality ReadRow(string line, int lineNumber, Dictionary<string, StringBuilder> sources)
    {
        var f = line.Split(';');
        if (f.Length != 8)
        {
            throw Bad(lineNumber, $"expected 8 fields (code;nameNl;nameFr;region;validFrom;validTo;successor;source), found {f.Length}");
        }

        if (!NisCode.TryParse(f[0], out var code, out _) || code.Value != f[0])
        {
            throw Bad(lineNumber, $"'{f[0]}' is not a NIS code");
        }

        if (f[1].Length == 0)
        {
            throw Bad(lineNumber, "the Dutch name is missing");
        }

        var region = RegionCodes.TryParse(f[3], out var r) ? r : throw Bad(lineNumber, $"unknown region '{f[3]}' ({RegionCodes.All})");
        NisCode? successor = f[6].Length == 0 ? null
            : NisCode.TryParse(f[6], out var next, out _) ? next : throw Bad(lineNumber, $"successor '{f[6]}' is not a NIS code");
        if (!sources.TryGetValue(f[7], out var source))
        {
            throw Bad(lineNumber, $"source '{f[7]}' is not declared in the header");
        }

        return new Municipality(code, f[1], f[2].Length == 0 ? null : f[2], region,
            Date(f[4], lineNumber), Date(f[5], lineNumber), successor, $"{f[7]}: {source}");
    }

    private static DateOnly? Date(string text, int lineNumber) =>
        text.Length == 0 ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw Bad(lineNumber, $"'{text}' is not a date (yyyy-MM-dd)");

    private static InvalidDataException Bad(int line, string reason) => new($"The municipality list is not usable: line {line}: {reason}.");

    [GeneratedRegex(@"^#\s{3}(S\w+)\s{2,}(.+)$")]
    private static partial Regex SourceDeclaration();

    [GeneratedRegex(@"^#\s{10,}(\S.*)$")]
    private static partial Regex SourceContinuation();
}
