using System.Text.Json;

namespace StatuutHub.Tests.Shared;

/// <summary>Ajv, the reference JSON Schema validator for JavaScript (its patterns are ECMA-262 regular expressions run by the
/// JavaScript engine), asked through Node: an implementation that shares no code with the hub's. ops/test.sh installs it into
/// .tools/ at the repository's root.</summary>
public static class AjvOracle
{
    /// <summary>Ajv's verdict (valid or not) for each JSON text, against the schema file, in one run of Node.</summary>
    public static async Task<List<bool>> VerdictsAsync(string schemaPath, IReadOnlyList<string> documents)
    {
        var modules = NodeTools.Modules("ajv", "ajv-formats");
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, JsonSerializer.Serialize(documents));
            var (exit, output, error) = await NodeTools.RunAsync("node", Path.GetTempPath(), Path.Combine(AppContext.BaseDirectory, "ajv-verdicts.mjs"), modules, schemaPath, input);
            return exit == 0 ? JsonSerializer.Deserialize<List<bool>>(output)! : throw new InvalidOperationException($"Ajv failed: {error}");
        }
        finally
        {
            File.Delete(input);
        }
    }
}
