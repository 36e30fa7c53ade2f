using System.Diagnostics;
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
        var modules = Path.Combine(RepositoryRoot(), ".tools", "node_modules");
        if (!Directory.Exists(Path.Combine(modules, "ajv")) || !Directory.Exists(Path.Combine(modules, "ajv-formats")))
        {
            throw new InvalidOperationException($"Ajv is not installed in {modules}: ops/test.sh installs it (npm install --prefix .tools ajv ajv-formats).");
        }

        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, JsonSerializer.Serialize(documents));
            var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "ajv-verdicts.mjs"), modules, schemaPath, input])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
            var output = node.StandardOutput.ReadToEndAsync();
            var error = node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            return node.ExitCode == 0
                ? JsonSerializer.Deserialize<List<bool>>(await output)!
                : throw new InvalidOperationException($"Ajv failed: {await error}");
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "StatuutHub.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (StatuutHub.sln) is not above the test's folder.");
    }
}
