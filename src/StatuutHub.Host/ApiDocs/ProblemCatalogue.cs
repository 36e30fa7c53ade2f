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
