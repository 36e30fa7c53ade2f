using System.Text;
using System.Text.Json.Nodes;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation.Tests;

/// <summary>The contract's edges as an integrator's own validator reads them (JSON Schema: ECMA-262 patterns, integers by value):
/// the reproductions of the outside review, each as the spec decides it.</summary>
public class ContractEdgeTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private AttestValidationResult Validate(string example, Action<JsonObject> change)
    {
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), example)))!.AsObject();
        change(doc);
        return fixture.Validator.Validate(Encoding.UTF8.GetBytes(doc.ToJsonString()), DocumentFormat.Json);
    }

    [Theory]
    [InlineData("participant", "residenceNis", "44021\n")]
    [InlineData("participant", "familyName", "Peeters\n")]
    [InlineData("participant", "insz", "85073003328\n")]
    [InlineData("initiative", "name", "De Keiberg vzw\n")]
    [InlineData("initiative", "kbo", "0123456749\n")]
    [InlineData(null, "attestId", "3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b\n")]
    public void ATrailingNewline_IsRefusedByThePattern_AsJsonSchemaSays(string? parent, string field, string value)
    {
        var result = Validate("unemployment-and-leefloon.json", d => (parent is null ? d : d[parent]!.AsObject())[field] = value);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((parent is null ? field : $"{parent}.{field}", ProblemCodes.SchemaPattern), (problem.Path, problem.Code));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("3.0")]
    [InlineData("3e0")]
    [InlineData("30e-1")]
    public void DaysPerWeek_AnyNumberWithAZeroFraction_IsAnInteger(string days)
    {
        var result = Validate("v2-open-ended-wvg-at-another-workplace.json", d => d["activity"]!["daysPerWeek"] = JsonNode.Parse(days));
        Assert.True(result.IsValid, string.Join(";", result.Problems.Select(p => p.Code)));
        Assert.Equal(3, result.Attest.Activity.DaysPerWeek);
    }

    [Theory]
    [InlineData("3.5", ProblemCodes.SchemaType)]
    [InlineData("8.0", ProblemCodes.SchemaRange)]
    public void DaysPerWeek_AFractionOrOutOfRange_IsRefused(string days, string code)
    {
        var result = Validate("v2-open-ended-wvg-at-another-workplace.json", d => d["activity"]!["daysPerWeek"] = JsonNode.Parse(days));
        Assert.Equal([code], result.Problems.Select(p => p.Code));
    }

    [Fact]
    public void ANameWithALetterOutsideTheBasicMultilingualPlane_IsAName()
    {
        // 𠮷 (U+20BB7) is a letter of Japanese family names: one character for JSON Schema, two UTF-16 units for .NET.
        var result = Validate("unemployment-and-leefloon.json", d => d["participant"]!["familyName"] = "\U00020BB7田");
        Assert.True(result.IsValid, string.Join(";", result.Problems.Select(p => p.Code)));
    }
}
