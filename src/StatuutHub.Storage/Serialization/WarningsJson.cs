using System.Text.Json;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Serialization;

/// <summary>A version's warnings as stored: a JSON array, or nothing when there are none.</summary>
internal static class WarningsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Write(IReadOnlyList<AttestWarning> warnings) => warnings.Count == 0 ? null : JsonSerializer.Serialize(warnings, Options);

    public static IReadOnlyList<AttestWarning> Read(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<AttestWarning[]>(json, Options) ?? [];
}
