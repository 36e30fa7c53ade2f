using System.Text;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace StatuutHub.Validation.Tests;

/// <summary>Values read as their XSD types define them: what <see cref="XmlSchemaSet"/> (an implementation that is not ours)
/// accepts, the hub reads to the same value, never failing on it. xs:date, xs:decimal and xs:boolean collapse white space.</summary>
public class XsdLexicalFormTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private static readonly XNamespace V1 = "urn:be:statuuthub:attest:v1";
    private static readonly XNamespace V2 = "urn:be:statuuthub:attest:v2";

    private static string Example(string name) => File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), name));

    private static bool XmlSchemaSetAccepts(XDocument doc, string xsd)
    {
        var set = new XmlSchemaSet();
        set.Add(null, Path.Combine(AppContext.BaseDirectory, "schemas", "attest", xsd));
        var valid = true;
        doc.Validate(set, (_, _) => valid = false);
        return valid;
    }

    public static TheoryData<string, string, string> DatesWithWhiteSpace() => new()
    {
        { "unemployment-and-leefloon.xml", "startDate", "  2027-01-04\n " },
        { "unemployment-and-leefloon.xml", "endDate", "\t2027-12-31\r\n" },
        { "unemployment-and-leefloon.xml", "birthDate", " 1985-07-30 " },
        { "v2-open-ended-wvg-at-another-workplace.xml", "givenOn", "\n2026-10-15\n" },
        { "v2-benefits-change-on-a-known-day.xml", "benefitsFrom", " 2027-04-01" },
    };

    [Theory]
    [MemberData(nameof(DatesWithWhiteSpace))]
    public void ADateWithWhiteSpace_IsAcceptedAsTheXsdSays_AndReadAsThatDay(string example, string element, string value)
    {
        var doc = XDocument.Parse(Example(example));
        var ns = doc.Root!.Name.Namespace;
        var target = doc.Descendants(ns + element).First();
        var day = DateOnly.Parse(target.Value, System.Globalization.CultureInfo.InvariantCulture);
        target.Value = value;
        Assert.True(XmlSchemaSetAccepts(doc, ns == V2 ? "attest-v2.xsd" : "attest-v1.xsd"));

        var result = fixture.Validator.Validate(Encoding.UTF8.GetBytes(doc.ToString(SaveOptions.DisableFormatting)), DocumentFormat.Xml);

        Assert.True(result.IsValid, string.Join(";", result.Problems.Select(p => p.Code)));
        var read = element switch
        {
            "startDate" => result.Attest.Activity.StartDate,
            "endDate" => result.Attest.Activity.EndDate!.Value,
            "birthDate" => result.Attest.Participant.BirthDate,
            "givenOn" => result.Attest.PermissionsHeld[0].GivenOn,
            _ => result.Attest.BenefitsFrom!.Value,
        };
        Assert.Equal(day, read);
    }

    [Theory]
    [InlineData("hoursPerWeek", " 16.50 ", 16.5)]
    [InlineData("hoursPerWeek", "+16", 16)]
    [InlineData("expenseAllowancePerDay", "\n4.5\t", 4.5)]
    public void ADecimalInAnotherLexicalForm_IsReadAsItsValue(string element, string value, double expected)
    {
        var doc = XDocument.Parse(Example("unemployment-and-leefloon.xml"));
        doc.Descendants(V1 + element).First().Value = value;
        Assert.True(XmlSchemaSetAccepts(doc, "attest-v1.xsd"));
        var result = fixture.Validator.Validate(Encoding.UTF8.GetBytes(doc.ToString(SaveOptions.DisableFormatting)), DocumentFormat.Xml);
        Assert.True(result.IsValid, string.Join(";", result.Problems.Select(p => p.Code)));
        Assert.Equal((decimal)expected, element == "hoursPerWeek" ? result.Attest.Activity.HoursPerWeek : result.Attest.Activity.ExpenseAllowancePerDay);
    }
}
