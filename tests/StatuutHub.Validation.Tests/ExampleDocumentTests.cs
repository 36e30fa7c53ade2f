using System.Text.Json;

namespace StatuutHub.Validation.Tests;

/// <summary>Every document in schemas/examples/attest runs through the validator: valid ones pass,
/// invalid ones fail with exactly the codes listed in expected-problems.json.</summary>
public class ExampleDocumentTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    public static TheoryData<string> ValidExamples() => Files("valid");

    public static TheoryData<string> InvalidExamples() => Files("invalid");

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void ValidExample_Passes(string file)
    {
        var result = fixture.ValidateFile(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), file));
        Assert.True(result.IsValid, string.Join("; ", result.Problems.Select(p => $"{p.Path} {p.Code} {p.MessageEn}")));
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public void InvalidExample_FailsWithExactlyTheExpectedCodes(string file)
    {
        var expected = Manifest()[file];
        var result = fixture.ValidateFile(Path.Combine(ValidatorFixture.ExamplesDir("attest/invalid"), file));
        Assert.False(result.IsValid);
        Assert.Equal(expected.Order(), result.Problems.Select(p => p.Code).Distinct().Order());
        Assert.All(result.Problems, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.MessageNl));
            Assert.False(string.IsNullOrWhiteSpace(p.MessageEn));
        });
    }

    [Fact]
    public void Manifest_ListsEveryInvalidExample_AndNothingElse()
    {
        Assert.Equal(Manifest().Keys.Order(), Names("invalid"));
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void JsonExampleAndItsXmlTwin_GiveTheSameCanonicalAttest(string file)
    {
        if (!file.EndsWith(".json", StringComparison.Ordinal))
        {
            return;
        }

        var dir = ValidatorFixture.ExamplesDir("attest/valid");
        var fromJson = fixture.ValidateFile(Path.Combine(dir, file));
        var fromXml = fixture.ValidateFile(Path.Combine(dir, Path.ChangeExtension(file, ".xml")));
        Assert.True(fromJson.IsValid && fromXml.IsValid);
        Assert.Equal(fromJson.Attest, fromXml.Attest);
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public void InvalidJsonExampleAndItsXmlTwin_GiveTheSameProblemPathsAndCodes(string file)
    {
        var dir = ValidatorFixture.ExamplesDir("attest/invalid");
        var twin = Path.ChangeExtension(file, ".xml");
        if (!file.EndsWith(".json", StringComparison.Ordinal) || !File.Exists(Path.Combine(dir, twin)))
        {
            return;
        }

        var fromJson = fixture.ValidateFile(Path.Combine(dir, file)).Problems.Select(p => (p.Path, p.Code)).Order();
        var fromXml = fixture.ValidateFile(Path.Combine(dir, twin)).Problems.Select(p => (p.Path, p.Code)).Order();
        Assert.Equal(fromJson, fromXml);
    }

    private static Dictionary<string, string[]> Manifest() =>
        JsonSerializer.Deserialize<Dictionary<string, string[]>>(File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/invalid"), "expected-problems.json")))!;

    private static TheoryData<string> Files(string sub) => new(Names(sub));

    private static IEnumerable<string> Names(string sub) =>
        Directory.GetFiles(ValidatorFixture.ExamplesDir("attest/" + sub))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name != "expected-problems.json")
            .Order();
}
