using System.Diagnostics;

namespace StatuutHub.Tests.Shared;

/// <summary>The Node tools the tests use as independent implementations (Ajv, Redocly CLI, Spectral), installed by ops/test.sh
/// into .tools/ at the repository's root (ignored by git).</summary>
public static class NodeTools
{
    /// <summary>.tools/node_modules; throws, saying how to install them, when a package is missing.</summary>
    public static string Modules(params string[] packages)
    {
        var modules = Path.Combine(RepositoryRoot.Path, ".tools", "node_modules");
        var missing = packages.Where(p => !Directory.Exists(Path.Combine(modules, p))).ToArray();
        return missing.Length == 0 ? modules
            : throw new InvalidOperationException($"{string.Join(", ", missing)} not installed in {modules}: ops/test.sh installs the test tools (npm install --prefix .tools …).");
    }

    /// <summary>Runs a program to its end and gives its exit code and what it wrote.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["NO_COLOR"] = "1";
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
