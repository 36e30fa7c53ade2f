namespace StatuutHub.Host.ApiDocs;

/// <summary>schemas/problem-codes.json: every problem code with where it comes from, its HTTP status and its meaning.</summary>
public static class ProblemCatalogue
{
    private static readonly Lazy<string> Text = new(() =>
    {
        using var stream = typeof(ProblemCatalogue).Assembly.GetManifestResourceStream("problem-codes.json")
            ?? throw new InvalidOperationException("problem-codes.json is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Json => Text.Value;
}

/// <summary>The shape of <c>schemas/problem-codes.json</c> as the API description shows it (the file is served as it is).</summary>
public sealed record ProblemCodeCatalogue(string Description, IReadOnlyList<ProblemCode> Codes);

/// <summary>One problem code: where it comes from, the HTTP status that carries it and its meaning in Dutch and English.</summary>
public sealed record ProblemCode(string Code, string Where, int Status, string MeaningNl, string MeaningEn);
