using StatuutHub.Validation;

namespace StatuutHub.Host.ApiDocs;

/// <summary>The contracts as files an integrator can fetch and generate from: the attest JSON Schemas and XSDs, and the
/// catalogue of problem codes with their meaning (Dutch and English) and the answer that carries them.</summary>
public static class ContractFiles
{
    private static readonly Dictionary<string, (string ContentType, Func<string> Read)> Files = new(StringComparer.Ordinal)
    {
        ["attest-v1.schema.json"] = ("application/schema+json", () => AttestValidator.ReadResource("attest-v1.schema.json")),
        ["attest-v2.schema.json"] = ("application/schema+json", () => AttestValidator.ReadResource("attest-v2.schema.json")),
        ["attest-v1.xsd"] = ("application/xml", () => AttestValidator.AttestXsd),
        ["attest-v2.xsd"] = ("application/xml", () => AttestValidator.AttestXsdV2),
    };

    /// <summary>The names served under <c>/schemas/</c>.</summary>
    public static IEnumerable<string> Names => Files.Keys;

    public static void MapContractFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/schemas/{name}", (string name) => Files.TryGetValue(name, out var file)
                ? Results.Text(file.Read(), file.ContentType)
                : Results.NotFound())
            .AllowAnonymous()
            .WithTags("Contract")
            .WithSummary("De attestcontracten / The attest contracts")
            .WithDescription($"One of: {string.Join(", ", Files.Keys)}.")
            .Produces<string>(StatusCodes.Status200OK, "application/schema+json", "application/xml")
            .Produces(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/problem-codes", () => Results.Text(ProblemCatalogue.Json, "application/json"))
            .AllowAnonymous()
            .WithTags("Contract")
            .WithSummary("Alle probleemcodes met hun betekenis / Every problem code with its meaning")
            .Produces<ProblemCodeCatalogue>(StatusCodes.Status200OK, "application/json");
    }
}
