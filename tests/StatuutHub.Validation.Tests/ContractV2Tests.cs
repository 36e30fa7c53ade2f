using System.Text;
using System.Text.Json.Nodes;
using StatuutHub.Domain.Attests;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation.Tests;

/// <summary>Contract v2 beside v1: how a document says its version, what v2 adds, and that the same content
/// in either contract is the same canonical attest. "Today" is 2026-11-22.</summary>
public class ContractV2Tests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private static JsonObject V2() => JsonNode.Parse(File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), "v2-open-ended-wvg-at-another-workplace.json")))!.AsObject();

    private static JsonObject V1() => JsonNode.Parse(File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), "unemployment-and-leefloon.json")))!.AsObject();

    private AttestValidationResult Validate(JsonObject doc) => fixture.Validator.Validate(Encoding.UTF8.GetBytes(doc.ToJsonString()), DocumentFormat.Json);

    [Fact]
    public void TheV2Example_ReadsEveryNewField()
    {
        var attest = Validate(V2()).Attest!;
        Assert.Equal("0417497106", attest.Werkpost!.Kbo!.Value.Value);
        Assert.Equal("Kringwinkel Merelbeke-Melle", attest.Activity.Workplace);
        Assert.Equal(("120", "100"), (attest.Participant.Ziekenfonds!.Value.Code, attest.Participant.EffectiveLandsbond!.Value.Code));
        Assert.Equal("44088", attest.Participant.EffectiveOcmw.Value);
        Assert.Null(attest.Activity.EndDate);
        Assert.Equal((0m, 3.20m), (attest.Activity.ExpenseAllowancePerDay, attest.Activity.RealCostsPerDay));
        Assert.Equal(new PermissionHeld(PermissionBody.Mutualiteit, "CM-AA-2026-0412", new DateOnly(2026, 10, 15)) { HoursPerWeek = 12, Werkpost = attest.Werkpost.Kbo },
            Assert.Single(attest.PermissionsHeld));
    }

    [Fact]
    public void TheSameContent_InV1AndInV2_IsTheSameCanonicalAttest()
    {
        var v1 = V1();
        var v2 = V1();
        v2.Insert(0, "contractVersion", "2");
        var activity = v2["activity"]!.AsObject();
        v2.Insert(4, "werkpost", new JsonObject { ["kbo"] = "0123456749", ["establishmentUnit"] = "2123456791", ["name"] = activity["workplace"]!.GetValue<string>() });
        activity["flatAllowancePerDay"] = activity["expenseAllowancePerDay"]!.DeepClone();
        activity.Remove("workplace");
        activity.Remove("expenseAllowancePerDay");

        var fromV1 = Validate(v1);
        var fromV2 = Validate(v2);
        Assert.True(fromV2.IsValid, string.Join("; ", fromV2.Problems.Select(p => $"{p.Path} {p.Code}")));
        Assert.Equal(fromV1.Attest, fromV2.Attest);
    }

    [Fact]
    public void AV2DocumentWithoutItsVersion_IsReadAsV1_AndItsNewFieldsAreUnknown()
    {
        var doc = V2();
        doc.Remove("contractVersion");
        var problems = Validate(doc).Problems;
        Assert.Contains(problems, p => p.Code == ProblemCodes.SchemaUnknownField && p.Path == "werkpost");
    }

    [Fact]
    public void AnUnknownContractVersion_IsRefused()
    {
        var doc = V2();
        doc["contractVersion"] = "3";
        Assert.Contains(Validate(doc).Problems, p => p.Path == "contractVersion" && p.Code == ProblemCodes.SchemaEnum);
    }

    [Fact]
    public void OpenEnded_NeedsNoEndDate_AndTheV1PeriodLimitDoesNotApply()
    {
        var far = V2();
        far["activity"]!["endDate"] = "2031-12-31";
        Assert.True(Validate(V2()).IsValid);
        Assert.True(Validate(far).IsValid);
    }

    [Fact]
    public void AZiekenfondsGivesTheLandsbond_AndMustAgreeWithOneGivenBeside_It()
    {
        var agreeing = V2();
        agreeing["participant"]!["landsbond"] = "100";
        var disagreeing = V2();
        disagreeing["participant"]!["landsbond"] = "300";

        Assert.True(Validate(agreeing).IsValid);
        var problem = Assert.Single(Validate(disagreeing).Problems);
        Assert.Equal(("participant.landsbond", ProblemCodes.ZiekenfondsLandsbondMismatch), (problem.Path, problem.Code));
    }

    [Fact]
    public void IncapacityWithoutZiekenfondsOrLandsbond_IsRefusedAtTheZiekenfonds()
    {
        var doc = V2();
        doc["participant"]!.AsObject().Remove("ziekenfonds");
        var problem = Assert.Single(Validate(doc).Problems);
        Assert.Equal(("participant.ziekenfonds", ProblemCodes.LandsbondRequired), (problem.Path, problem.Code));
    }

    [Fact]
    public void ProblemPathsUseTheV2Names()
    {
        var doc = V2();
        doc["kind"] = "AMA_WSE";
        doc["activity"]!["flatAllowancePerDay"] = 50;
        Assert.Contains(Validate(doc).Problems, p => p.Path == "activity.flatAllowancePerDay" && p.Code == ProblemCodes.AllowanceOverDayCap);
    }
}
