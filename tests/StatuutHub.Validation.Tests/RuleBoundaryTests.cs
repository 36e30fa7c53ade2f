using System.Globalization;
using System.Text.Json.Nodes;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation.Tests;

/// <summary>Each dated rule on both sides of the day it changes, with "today" set to the start date so the
/// late-start rule stays out of the way.</summary>
public class RuleBoundaryTests
{
    private static Task<AttestValidationResult> ValidateStartingAsync(string start, Action<JsonObject> change, string example = "unemployment-and-leefloon.json") =>
        ValidatorOnDay.ValidateAsync(start, doc =>
        {
            doc["activity"]!["startDate"] = start;
            doc["activity"]!["endDate"] = DateOnly.Parse(start, CultureInfo.InvariantCulture).AddMonths(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            change(doc);
        }, example);

    [Theory]
    [InlineData("2020-12-31", 35.00, false)]
    [InlineData("2021-01-01", 35.41, true)]
    [InlineData("2021-12-31", 35.42, false)]
    [InlineData("2022-01-01", 36.84, true)]
    [InlineData("2024-12-31", 41.49, false)]
    [InlineData("2025-01-01", 42.31, true)]
    [InlineData("2025-01-01", 42.32, false)]
    public async Task AllowanceDayCap_TheRowOfEachYear(string start, decimal perDay, bool valid)
    {
        // A period in one year only: from the start to the last day of that month.
        var result = await ValidateStartingAsync(start, d =>
        {
            d["activity"]!["expenseAllowancePerDay"] = perDay;
            var first = DateOnly.Parse(start, CultureInfo.InvariantCulture);
            d["activity"]!["endDate"] = new DateOnly(first.Year, first.Month, DateTime.DaysInMonth(first.Year, first.Month)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        });
        Assert.Equal(valid ? Array.Empty<string>() : [ProblemCodes.AllowanceOverDayCap], result.Problems.Select(p => p.Code));
    }

    [Theory]
    [InlineData("2024-12-31", "44043", null)]
    [InlineData("2025-01-01", "44043", ProblemCodes.NisMerged)]
    [InlineData("2024-12-31", "44088", ProblemCodes.NisNotYetValid)]
    [InlineData("2025-01-01", "44088", null)]
    [InlineData("2024-12-31", "11007", null)]
    [InlineData("2025-01-01", "11007", ProblemCodes.NisMerged)]
    public async Task Municipality_TheMergersOf1January2025(string start, string nis, string? problem)
    {
        var result = await ValidateStartingAsync(start, d => d["participant"]!["residenceNis"] = nis);
        Assert.Equal(problem is null ? Array.Empty<string>() : [problem], result.Problems.Select(p => p.Code));
    }

    [Fact]
    public async Task AMergedCode_IsRefusedNamingTheNewCode_ForTheResidenceAndTheCompetentOcmw()
    {
        var result = await ValidateStartingAsync("2025-01-01", d =>
        {
            d.Remove("permissionsHeld");
            d["participant"]!["residenceNis"] = "44043";
            d["participant"]!["competentOcmwNis"] = "23024";
        }, "v2-open-ended-wvg-at-another-workplace.json");
        Assert.Equal(["participant.residenceNis", "participant.competentOcmwNis"], result.Problems.Select(p => p.Path));
        Assert.All(result.Problems, p => Assert.Equal(ProblemCodes.NisMerged, p.Code));
        Assert.Contains("44088 (Merelbeke-Melle)", result.Problems[0].MessageNl, StringComparison.Ordinal);
        Assert.Contains("23106 (Pajottegem)", result.Problems[1].MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheWeeklyCeilingHoldsOnEveryDayOfTheTable()
    {
        Assert.True((await ValidateStartingAsync("2025-01-01", d => d["activity"]!["hoursPerWeek"] = 38)).IsValid);
        Assert.Equal([ProblemCodes.HoursOverCap], (await ValidateStartingAsync("2031-06-01", d => d["activity"]!["hoursPerWeek"] = 38.5)).Problems.Select(p => p.Code));
    }
}
