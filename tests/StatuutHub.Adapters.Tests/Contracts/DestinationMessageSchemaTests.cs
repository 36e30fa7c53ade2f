using StatuutHub.Domain.Routing;
using StatuutHub.Agencies.Simulator.Contracts;

namespace StatuutHub.Adapters.Tests.Contracts;

/// <summary>Every destination example in schemas/examples/destinations runs through its contract.</summary>
public class DestinationMessageSchemaTests
{
    public static TheoryData<string> Valid() => new(Names("valid"));

    public static TheoryData<string> Invalid() => new(Names("invalid"));

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task ValidExample_MatchesItsDestinationContract(string file)
    {
        var schemas = await DestinationMessageSchemas.LoadAsync();
        var problems = schemas.Validate(KindOf(file), File.ReadAllText(Path.Combine(ExamplesDir("destinations/valid"), file)));
        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task InvalidExample_HasAtLeastTwoProblems(string file)
    {
        var schemas = await DestinationMessageSchemas.LoadAsync();
        var problems = schemas.Validate(KindOf(file), File.ReadAllText(Path.Combine(ExamplesDir("destinations/invalid"), file)));
        Assert.True(problems.Count >= 2, string.Join("; ", problems.Select(p => $"{p.Path} {p.Code}")));
    }

    [Fact]
    public async Task RvaMessage_SentToDimona_IsWrongNamespace()
    {
        var schemas = await DestinationMessageSchemas.LoadAsync();
        var rva = File.ReadAllText(Path.Combine(ExamplesDir("destinations/valid"), "rva-create.xml"));
        Assert.Equal("XML_WRONG_ROOT", Assert.Single(schemas.Validate(DestinationKind.Dimona, rva)).Code);
    }

    private static DestinationKind KindOf(string file) => file.Split('-')[0] switch
    {
        "rva" => DestinationKind.Rva,
        "dimona" => DestinationKind.Dimona,
        "mutualiteit" => DestinationKind.Mutualiteit,
        "ocmw" => DestinationKind.Ocmw,
        "vdab" => DestinationKind.Vdab,
        var other => throw new InvalidOperationException($"Example '{file}' does not start with a destination name ({other})."),
    };

    private static IEnumerable<string> Names(string sub) =>
        Directory.GetFiles(ExamplesDir("destinations/" + sub)).Select(Path.GetFileName).OfType<string>().Order();

    private static string ExamplesDir(string sub) => Path.Combine(AppContext.BaseDirectory, "schemas", "examples", sub);
}
