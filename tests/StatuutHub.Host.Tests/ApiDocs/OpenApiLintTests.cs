using System.Text.Json;
using StatuutHub.Tests.Shared;
using Xunit.Abstractions;

namespace StatuutHub.Host.Tests.ApiDocs;

/// <summary>The served OpenAPI document as integrators' own tools read it: Redocly CLI (its recommended rules) and Spectral
/// (<c>spectral:oas</c>) find no error in it. Their warnings are counted in the output, not hidden.</summary>
public sealed class OpenApiLintTests(ITestOutputHelper output)
{
    /// <summary><c>spectral:oas</c>, but for the submit's example attest: Spectral checks examples with Ajv without the unicode flag
    /// (stoplightio/spectral#2419, open), so the contract's <c>\p{L}</c> in name patterns reads as the letters "p{L}" and every name
    /// fails. The same file (schemas/examples/attest/valid/unemployment-and-leefloon.json) is valid for Ajv with ECMA-262's unicode
    /// patterns, as JSON Schema prescribes (CompiledSchemaDifferentialTests).</summary>
    private const string SpectralRuleset = """
        extends: ["spectral:oas"]
        overrides:
          - files: ["openapi.json#/paths/~1api~1v1~1attests/post/requestBody/content/application~1json/example"]
            rules:
              oas3-valid-media-example: "off"

        """;

    [Fact]
    public async Task TheServedDocument_HasNoErrors_ForRedoclyOrSpectral()
    {
        var modules = NodeTools.Modules("@redocly/cli", "@stoplight/spectral-cli");
        var folder = Directory.CreateTempSubdirectory("statuut-openapi-").FullName;
        try
        {
            await using (var hub = await TestHub.StartAsync())
            {
                using var anonymous = hub.AnonymousClient();
                await File.WriteAllTextAsync(Path.Combine(folder, "openapi.json"), await anonymous.GetStringAsync("openapi/v1.json"));
            }

            await File.WriteAllTextAsync(Path.Combine(folder, ".spectral.yaml"), SpectralRuleset);
            var redocly = await NodeTools.RunAsync(Path.Combine(modules, ".bin", "redocly"), folder, "lint", "openapi.json", "--format=json");
            var spectral = await NodeTools.RunAsync(Path.Combine(modules, ".bin", "spectral"), folder, "lint", "openapi.json", "-r", ".spectral.yaml", "-f", "json", "--quiet");

            var redoclyProblems = JsonDocument.Parse(redocly.Output).RootElement.GetProperty("problems").EnumerateArray()
                .Select(p => (Severity: p.GetProperty("severity").GetString(), Rule: p.GetProperty("ruleId").GetString())).ToArray();
            var spectralProblems = JsonDocument.Parse(spectral.Output.Length == 0 ? "[]" : spectral.Output).RootElement.EnumerateArray()
                .Select(p => (Severity: p.GetProperty("severity").GetInt32() == 0 ? "error" : "warning", Rule: p.GetProperty("code").GetString())).ToArray();
            output.WriteLine($"Redocly: {redoclyProblems.Count(p => p.Severity == "error")} errors, {redoclyProblems.Count(p => p.Severity != "error")} warnings; " +
                $"Spectral: {spectralProblems.Count(p => p.Severity == "error")} errors, {spectralProblems.Count(p => p.Severity != "error")} warnings");

            Assert.DoesNotContain(redoclyProblems, p => p.Severity == "error");
            Assert.DoesNotContain(spectralProblems, p => p.Severity == "error");
            Assert.Equal(0, redocly.ExitCode);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
