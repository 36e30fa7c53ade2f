using System.Text.Json.Nodes;
using System.Text;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation.Tests;

/// <summary>Documents that must be refused before any schema or business object sees them.</summary>
public class HostileInputTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    [Theory]
    [InlineData(99, 99, null)]
    [InlineData(100, 100, null)]
    [InlineData(500, 100, "TOO_MANY_PROBLEMS")]
    public void AThousandFaults_AreListedUpToAHundred_TheLastSayingHowMany(int unknownFields, int listed, string? last)
    {
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), "unemployment-and-leefloon.json")))!.AsObject();
        for (var i = 0; i < unknownFields; i++)
        {
            doc[$"unknown{i}"] = i;
        }

        var result = fixture.Validator.Validate(Encoding.UTF8.GetBytes(doc.ToJsonString()), DocumentFormat.Json);
        Assert.Equal(listed, result.Problems.Count);
        Assert.Equal(last ?? ProblemCodes.SchemaUnknownField, result.Problems[^1].Code);
        if (last is not null)
        {
            Assert.Contains($"{unknownFields} problems", result.Problems[^1].MessageEn, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ExternalEntity_IsRefused_WithoutReadingTheFile()
    {
        var result = fixture.ValidateFile(Path.Combine(ValidatorFixture.ExamplesDir("attest/invalid"), "xxe-external-entity.xml"));
        var problem = Assert.Single(result.Problems);
        Assert.Equal(ProblemCodes.XmlDtdProhibited, problem.Code);
        Assert.DoesNotContain("root:", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void BillionLaughs_IsRefused_AtTheDoctype()
    {
        var result = fixture.ValidateFile(Path.Combine(ValidatorFixture.ExamplesDir("attest/invalid"), "billion-laughs.xml"));
        Assert.Equal(ProblemCodes.XmlDtdProhibited, Assert.Single(result.Problems).Code);
    }

    [Theory]
    [InlineData(DocumentFormat.Json)]
    [InlineData(DocumentFormat.Xml)]
    public void OversizedDocument_IsRefusedBeforeParsing(DocumentFormat format)
    {
        var huge = new byte[(256 * 1024) + 1];
        Array.Fill(huge, (byte)'{');
        Assert.Equal(ProblemCodes.DocumentTooLarge, Assert.Single(fixture.Validator.Validate(huge, format).Problems).Code);
    }

    [Fact]
    public void DeeplyNestedJson_IsRefused()
    {
        var deep = Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000));
        Assert.Equal(ProblemCodes.JsonTooDeep, Assert.Single(fixture.Validator.Validate(deep, DocumentFormat.Json).Problems).Code);
    }

    [Fact]
    public void DeeplyNestedXml_IsRefused()
    {
        var xml = "<attest xmlns=\"urn:be:statuuthub:attest:v1\">" + string.Concat(Enumerable.Repeat("<a>", 500)) + string.Concat(Enumerable.Repeat("</a>", 500)) + "</attest>";
        var problem = Assert.Single(fixture.Validator.Validate(Encoding.UTF8.GetBytes(xml), DocumentFormat.Xml).Problems);
        Assert.Contains(problem.Code, new[] { ProblemCodes.MalformedXml, ProblemCodes.SchemaUnknownField });
    }

    [Theory]
    [InlineData(DocumentFormat.Json)]
    [InlineData(DocumentFormat.Xml)]
    public void EmptyDocument_IsRefused(DocumentFormat format) =>
        Assert.Equal(ProblemCodes.DocumentEmpty, Assert.Single(fixture.Validator.Validate(ReadOnlyMemory<byte>.Empty, format).Problems).Code);

    [Fact]
    public void InvalidUtf8_IsMalformedJson()
    {
        var bytes = new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' };
        Assert.Equal(ProblemCodes.MalformedJson, Assert.Single(fixture.Validator.Validate(bytes, DocumentFormat.Json).Problems).Code);
    }

    [Fact]
    public void InvalidUtf8InAValue_IsMalformedJson()
    {
        var doc = File.ReadAllBytes(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), "unemployment-and-leefloon.json"));
        var at = Encoding.UTF8.GetString(doc).IndexOf("Peeters", StringComparison.Ordinal);
        doc[at] = 0xC3;
        doc[at + 1] = 0x28;
        Assert.Equal(ProblemCodes.MalformedJson, Assert.Single(fixture.Validator.Validate(doc, DocumentFormat.Json).Problems).Code);
    }

    [Fact]
    public void JsonArrayAtTopLevel_IsASchemaTypeProblem()
    {
        var result = fixture.Validator.Validate("[1,2]"u8.ToArray(), DocumentFormat.Json);
        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.SchemaType);
    }

    [Theory]
    [InlineData("D'Hondt-Vandenbroucke")]
    [InlineData("Van den Broeck")]
    [InlineData("Çelik")]
    [InlineData("Nguyễn")]
    [InlineData("Ødegård")]
    [InlineData("O’Brien")]
    [InlineData("St. Jean")]
    public void RealNames_WithAccentsApostrophesAndHyphens_AreValid(string name) =>
        Assert.True(WithFamilyName(name).IsValid);

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Pee\\u0007ters")]
    [InlineData("Peeters'); DROP TABLE attests;--")]
    [InlineData("Peeters2")]
    [InlineData(" Peeters")]
    [InlineData("\\u202ESreteep")]
    public void NamesWithMarkupControlCharactersCodeOrDigits_AreAPatternProblem(string name)
    {
        var result = WithFamilyName(name);
        Assert.Equal(("participant.familyName", ProblemCodes.SchemaPattern), (result.Problems[0].Path, result.Problems[0].Code));
    }

    [Fact]
    public void OrganisationName_MayHoldAnAmpersand_ButNoMarkup()
    {
        var doc = File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), "unemployment-and-leefloon.json"));
        const string name = "De Keiberg vzw";
        Assert.True(fixture.Validator.Validate(Encoding.UTF8.GetBytes(doc.Replace(name, "Werk & Zorg vzw (Gent)", StringComparison.Ordinal)), DocumentFormat.Json).IsValid);
        var markup = fixture.Validator.Validate(Encoding.UTF8.GetBytes(doc.Replace(name, "<b>Werk</b>", StringComparison.Ordinal)), DocumentFormat.Json);
        Assert.Equal(("initiative.name", ProblemCodes.SchemaPattern), (markup.Problems[0].Path, markup.Problems[0].Code));
    }

    private AttestValidationResult WithFamilyName(string jsonEscapedName)
    {
        var doc = File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), "unemployment-and-leefloon.json"));
        return fixture.Validator.Validate(Encoding.UTF8.GetBytes(doc.Replace("\"Peeters\"", $"\"{jsonEscapedName}\"", StringComparison.Ordinal)), DocumentFormat.Json);
    }
}
