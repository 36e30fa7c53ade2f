using System.Text.Json;
using StatuutHub.Domain.Geography;

namespace StatuutHub.Validation.Rules;

/// <summary>Reads the province table (<c>provinces.json</c>: a NIS prefix, the province, the days and the source per row).</summary>
public static class ProvincesJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The table shipped with the hub.</summary>
    public static ProvinceTable LoadDefault()
    {
        using var stream = typeof(ProvincesJson).Assembly.GetManifestResourceStream("provinces.json")
            ?? throw new InvalidOperationException("The built-in provinces.json resource is missing.");
        return Load(stream);
    }

    /// <summary>Reads a table; throws <see cref="InvalidDataException"/> with the reason when it is unusable.</summary>
    public static ProvinceTable Load(Stream json)
    {
        try
        {
            var file = JsonSerializer.Deserialize<FileJson>(json, Options) ?? throw new InvalidDataException("provinces: the file is empty.");
            return new ProvinceTable((file.Rows ?? throw new InvalidDataException("provinces: no rows.")).Select(r =>
                new ProvinceRow(r.Prefix, new Province(r.Code, r.NameNl, r.NameEn), r.ValidFrom, r.ValidTo, r.Source)));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The province table is not usable: {ex.Message}", ex);
        }
    }

    private sealed record FileJson(string? Description, RowJson[]? Rows);

    private sealed record RowJson(string Prefix, string Code, string NameNl, string NameEn, DateOnly ValidFrom, DateOnly? ValidTo, string Source);
}
