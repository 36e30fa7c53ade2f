using System.Text;
using System.Text.Json.Nodes;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation.Tests;

/// <summary>One test (or theory) per business rule, on the docs/domain.md example changed in one place.
/// "Today" is 2026-11-22; the example runs 2027-01-04 to 2027-12-31 with all four benefits.</summary>
public class BusinessRuleTests(ValidatorFixture fixture) : IClassFixture<ValidatorFixture>
{
    private AttestValidationResult Validate(Action<JsonObject> change)
    {
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), "unemployment-and-leefloon.json")))!.AsObject();
        change(doc);
        return fixture.Validator.Validate(Encoding.UTF8.GetBytes(doc.ToJsonString()), DocumentFormat.Json);
    }

    private static void AssertOnly(AttestValidationResult result, string path, string code)
    {
        var problem = Assert.Single(result.Problems);
        Assert.Equal((path, code), (problem.Path, problem.Code));
    }

    /// <summary>A boundary case: valid, or refused with only <paramref name="code"/> at <paramref name="path"/>, its Dutch text naming the limit.</summary>
    private static void AssertValidOrOnly(AttestValidationResult result, bool valid, string path, string code, string? mentioning = null)
    {
        if (valid)
        {
            Assert.True(result.IsValid, string.Join(";", result.Problems.Select(p => p.Code)));
            return;
        }

        AssertOnly(result, path, code);
        if (mentioning is not null)
        {
            Assert.Contains(mentioning, result.Problems[0].MessageNl, StringComparison.Ordinal);
        }
    }

    private static JsonObject P(JsonObject doc) => doc["participant"]!.AsObject();

    private static JsonObject A(JsonObject doc) => doc["activity"]!.AsObject();

    [Fact]
    public void Example_IsValid() => Assert.True(Validate(_ => { }).IsValid);

    [Theory]
    [InlineData("UNEMPLOYMENT", 38, true)]
    [InlineData("UNEMPLOYMENT", 38.5, false)]
    [InlineData("SOCIAL_INTEGRATION", 38, true)]
    [InlineData("SOCIAL_INTEGRATION", 38.25, false)]
    [InlineData("INCAPACITY", 38, true)]
    [InlineData("INCAPACITY", 39, false)]
    public void Hours_OneGeneralCeilingOf38_WhateverTheBenefit(string benefit, decimal hours, bool valid)
    {
        var result = Validate(d => { d["benefits"] = new JsonArray(benefit); P(d)["landsbond"] = "100"; A(d)["hoursPerWeek"] = hours; });
        AssertValidOrOnly(result, valid, "activity.hoursPerWeek", ProblemCodes.HoursOverCap, mentioning: "38");
    }

    [Fact]
    public void Hours_TheOld28And30HourCaps_NoLongerApply() =>
        Assert.True(Validate(d => A(d)["hoursPerWeek"] = 32).IsValid);

    [Fact]
    public void Hours_OverTheCeiling_IsOneProblemEvenWithSeveralBenefits() =>
        AssertOnly(Validate(d => A(d)["hoursPerWeek"] = 40), "activity.hoursPerWeek", ProblemCodes.HoursOverCap);

    [Fact]
    public void Hours_MoreThanTwoDecimals_IsRefused() =>
        AssertOnly(Validate(d => A(d)["hoursPerWeek"] = 16.125), "activity.hoursPerWeek", ProblemCodes.AmountPrecision);

    [Theory]
    [InlineData(42.31, true)]
    [InlineData(42.32, false)]
    public void Allowance_DayCap_IsTheLatestKnownRow(decimal perDay, bool valid)
    {
        // Short period so the yearly cap does not interfere.
        var result = Validate(d => { A(d)["expenseAllowancePerDay"] = perDay; A(d)["endDate"] = "2027-01-31"; });
        AssertValidOrOnly(result, valid, "activity.expenseAllowancePerDay", ProblemCodes.AllowanceOverDayCap, mentioning: "42.31");
    }

    [Fact]
    public void Allowance_YearCap_UsesDaysPerWeekWhenGiven()
    {
        // €7 × 5 days × 52 weeks ≈ €1,821 > €1,692.51; with 2 days a week it is ≈ €728.
        AssertOnly(Validate(d => A(d)["expenseAllowancePerDay"] = 7), "activity.expenseAllowancePerDay", ProblemCodes.AllowanceOverYearCap);
        Assert.True(Validate(d => { A(d)["expenseAllowancePerDay"] = 7; A(d)["daysPerWeek"] = 2; }).IsValid);
    }

    [Fact]
    public void Allowance_InCents_MoreDecimalsRefused() =>
        AssertOnly(Validate(d => A(d)["expenseAllowancePerDay"] = 4.505), "activity.expenseAllowancePerDay", ProblemCodes.AmountPrecision);

    [Theory]
    [InlineData("2026-10-23", true)]
    [InlineData("2026-10-22", false)]
    public void StartDate_AtMost30DaysInThePast(string start, bool valid)
    {
        var result = Validate(d => { A(d)["startDate"] = start; A(d)["endDate"] = "2026-12-31"; });
        AssertValidOrOnly(result, valid, "activity.startDate", ProblemCodes.StartTooFarInPast);
    }

    [Theory]
    [InlineData("2029-01-03", true)]
    [InlineData("2029-01-04", false)]
    public void Period_AtMost24Months(string end, bool valid)
    {
        var result = Validate(d => { A(d)["endDate"] = end; A(d)["expenseAllowancePerDay"] = 1; });
        AssertValidOrOnly(result, valid, "activity.endDate", ProblemCodes.PeriodTooLong);
    }

    [Fact]
    public void Period_EndBeforeStart_IsRefused() =>
        AssertOnly(Validate(d => A(d)["endDate"] = "2027-01-03"), "activity.endDate", ProblemCodes.PeriodEndBeforeStart);

    [Fact]
    public void Period_OneDay_IsValid() => Assert.True(Validate(d => A(d)["endDate"] = "2027-01-04").IsValid);

    [Theory]
    [InlineData("2009-01-04", true)]
    [InlineData("2009-01-05", false)]
    public void Participant_MustBe18OnStartDate(string birthDate, bool valid)
    {
        var insz = ValidatorOnDay.InszFor(DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture));
        var result = Validate(d => { P(d)["insz"] = insz; P(d)["birthDate"] = birthDate; });
        AssertValidOrOnly(result, valid, "participant.birthDate", ProblemCodes.ParticipantUnderage);
    }

    [Fact]
    public void BirthDate_MustMatchInsz() =>
        AssertOnly(Validate(d => P(d)["birthDate"] = "1985-07-29"), "participant.birthDate", ProblemCodes.BirthDateMismatch);

    [Fact]
    public void BirthDate_InszWithUnknownDay_OnlyYearAndMonthCompared()
    {
        // 850700 033 with the 1900s check digits: day unknown.
        var insz = "850700033" + (97 - (850700033 % 97)).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Validate(d => { P(d)["insz"] = insz; P(d)["birthDate"] = "1985-07-12"; }).IsValid);
        AssertOnly(Validate(d => { P(d)["insz"] = insz; P(d)["birthDate"] = "1985-08-12"; }), "participant.birthDate", ProblemCodes.BirthDateMismatch);
    }

    [Theory]
    [InlineData("1985-07-30")]
    [InlineData("1985-03-17")]
    public void BirthDate_InszWithMonthZero_OnlyTheYearIsCompared(string birthDate)
    {
        // 850017 033: month 00, so "17" is no birth day (serials ran out or the month is unknown).
        var insz = "850017033" + (97 - (850017033 % 97)).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Validate(d => { P(d)["insz"] = insz; P(d)["birthDate"] = birthDate; }).IsValid);
        AssertOnly(Validate(d => { P(d)["insz"] = insz; P(d)["birthDate"] = "1986-03-17"; }), "participant.birthDate", ProblemCodes.BirthDateMismatch);
    }

    [Fact]
    public void Kbo_TheOldNineDigitForm_IsAcceptedAndStoredWithTenDigits()
    {
        var result = Validate(d => d["initiative"]!["kbo"] = "123.456.749");
        Assert.True(result.IsValid);
        Assert.Equal("0123456749", result.Attest.Initiative.Kbo.Value);
    }

    [Fact]
    public void LateStart_WithinTheWindow_IsAccepted_WithAWarningPerBody()
    {
        // Today is 2026-11-22: twelve days back, within the 30-day window; unemployment with leefloon, then incapacity with leefloon.
        var result = Validate(d => A(d)["startDate"] = "2026-11-10");
        Assert.True(result.IsValid);
        Assert.Equal([ProblemCodes.LateStartDimona, ProblemCodes.LateStartSocialIntegration, ProblemCodes.LateStartUnemployment], result.Warnings.Select(w => w.Code).Order());
        Assert.All(result.Warnings, w => Assert.Equal("activity.startDate", w.Path));

        var sick = Validate(d => { A(d)["startDate"] = "2026-11-10"; d["benefits"] = new JsonArray("INCAPACITY", "SOCIAL_INTEGRATION"); P(d)["landsbond"] = "100"; });
        Assert.True(sick.IsValid);
        Assert.Equal([ProblemCodes.LateStartDimona, ProblemCodes.LateStartIncapacity, ProblemCodes.LateStartSocialIntegration], sick.Warnings.Select(w => w.Code).Order());
        Assert.Contains("10 %", sick.Warnings.Single(w => w.Code == ProblemCodes.LateStartIncapacity).MessageNl, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-22", true)]  // today
    [InlineData("2026-11-23", true)]  // Monday: due Friday 2026-11-20, and today is Sunday
    [InlineData("2026-11-24", false)] // Tuesday: due Monday 2026-11-23
    public void LateStart_TheAdviserNeedsTheRequestTheWorkingDayBefore_SoAStartTodayOrNextMondayIsLateForItAlone(string start, bool late)
    {
        var result = Validate(d => { d["benefits"] = new JsonArray("INCAPACITY"); P(d)["landsbond"] = "100"; A(d)["startDate"] = start; });
        Assert.True(result.IsValid);
        Assert.Equal(late ? [ProblemCodes.LateStartIncapacity] : Array.Empty<string>(), result.Warnings.Select(w => w.Code));
    }

    [Fact]
    public void AStartInTheFuture_HasNoWarnings() => Assert.Empty(Validate(_ => { }).Warnings);

    [Theory]
    [InlineData(4.50)]
    [InlineData(100)]
    public void Wvg_AFlatAllowanceCountsAsPay_IsAWarning_NotAVolunteerCapRefusal(decimal perDay)
    {
        var result = Validate(d => { d["kind"] = "AMA_WVG"; A(d)["expenseAllowancePerDay"] = perDay; });
        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("activity.expenseAllowancePerDay", ProblemCodes.AllowanceCountsAsPay), (warning.Path, warning.Code));
        Assert.Contains("loon", warning.MessageNl, StringComparison.Ordinal);
    }

    [Fact]
    public void Wvg_WithoutFlatAllowance_HasNoWarning() =>
        Assert.Empty(Validate(d => { d["kind"] = "AMA_WVG"; A(d)["expenseAllowancePerDay"] = 0; }).Warnings);

    [Fact]
    public void Wse_AFlatAllowanceAboveTheVolunteerCap_IsRefused() =>
        AssertOnly(Validate(d => { A(d)["expenseAllowancePerDay"] = 100; A(d)["endDate"] = "2027-01-31"; }), "activity.expenseAllowancePerDay", ProblemCodes.AllowanceOverDayCap);

    [Fact]
    public void Insz_Error_NeverEchoesTheNumber()
    {
        var result = Validate(d => P(d)["insz"] = "85073003329");
        AssertOnly(result, "participant.insz", ProblemCodes.InszChecksum);
        Assert.DoesNotContain("0730033", result.Problems[0].MessageEn, StringComparison.Ordinal);
        Assert.DoesNotContain("0730033", result.Problems[0].MessageNl, StringComparison.Ordinal);
    }

    [Fact]
    public void EstablishmentUnit_IsChecked() =>
        AssertOnly(Validate(d => d["initiative"]!["establishmentUnit"] = "2123456792"), "initiative.establishmentUnit", ProblemCodes.EstablishmentUnitChecksum);

    [Fact]
    public void Kbo_WithFirstDigitTwo_IsRange() =>
        AssertOnly(Validate(d => d["initiative"]!["kbo"] = "2123456791"), "initiative.kbo", ProblemCodes.KboRange);

    [Fact]
    public void Canonical_StoresDigitsOfPrintedIdentifiers()
    {
        var result = Validate(d => { d["initiative"]!["kbo"] = "BE 0123.456.749"; P(d)["insz"] = "85.07.30-033.28"; });
        Assert.True(result.IsValid);
        Assert.Equal("0123456749", result.Attest.Initiative.Kbo.Value);
        Assert.Equal("85073003328", result.Attest.Participant.Insz.Value);
    }

    [Fact]
    public void ManyProblems_AreAllReportedAtOnce_EachWithPathAndCode()
    {
        var result = fixture.ValidateFile(Path.Combine(ValidatorFixture.ExamplesDir("attest/invalid"), "many-business-problems.json"));
        Assert.Equal(
            new[] { "activity.endDate", "activity.expenseAllowancePerDay", "activity.hoursPerWeek", "initiative.kbo", "participant.birthDate" },
            result.Problems.Select(p => p.Path).Order());
    }
}
