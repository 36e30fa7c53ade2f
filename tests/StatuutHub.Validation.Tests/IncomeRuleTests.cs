using System.Globalization;
using System.Text.Json.Nodes;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation.Tests;

/// <summary>The rules that cost a participant income when they are wrong, each on both sides of its boundary: the legal
/// pension by birth year and month, benefits never paid together, the adviserend arts' working day before the start and
/// its 14 days, flat allowance beside real costs. "Today" is set per case.</summary>
public class IncomeRuleTests
{
    private static Task<AttestValidationResult> ValidateAsync(string today, Action<JsonObject> change, string example = "unemployment-and-leefloon.json") =>
        ValidatorOnDay.ValidateAsync(today, change, example);

    private static void Period(JsonObject doc, string start, string? end)
    {
        doc["activity"]!["startDate"] = start;
        if (end is null)
        {
            doc["activity"]!.AsObject().Remove("endDate");
        }
        else
        {
            doc["activity"]!["endDate"] = end;
        }
    }

    private static void BornOn(JsonObject doc, string birthDate) => ValidatorOnDay.BornOn(doc, birthDate);

    private static string[] Codes(AttestValidationResult result) => result.Problems.Select(p => p.Code).ToArray();

    // The pension age follows the birth year (65 before 1960, 66 for 1960–1963, 67 from 1964) and the pension starts on the
    // first of the month after that birthday: the last day of activity is the day before.
    [Theory]
    [InlineData("1959-12-31", "2024-12-31", true)]  // 65 on 2024-12-31: pension 2025-01-01
    [InlineData("1959-12-31", "2025-01-01", false)]
    [InlineData("1960-01-01", "2026-01-31", true)]  // 66 on 2026-01-01: pension 2026-02-01
    [InlineData("1960-01-01", "2026-02-01", false)]
    [InlineData("1963-12-31", "2029-12-31", true)]  // 66 on 2029-12-31: pension 2030-01-01
    [InlineData("1963-12-31", "2030-01-01", false)]
    [InlineData("1964-01-01", "2031-01-31", true)]  // 67 on 2031-01-01: pension 2031-02-01
    [InlineData("1964-01-01", "2031-02-01", false)]
    [InlineData("1963-06-10", "2029-06-30", true)]  // the pension month: 66 on 2029-06-10, pension 2029-07-01
    [InlineData("1963-06-10", "2029-07-01", false)]
    [InlineData("1963-06-10", "2030-03-01", false)] // the audit's case: pensioned since 2029-07-01
    [InlineData("1964-01-10", "2030-01-20", true)]  // the audit's case: 66, but the pension age is 67
    public async Task PensionAge_ByBirthYear_ToTheMonth(string birth, string start, bool valid)
    {
        var result = await ValidateAsync(start, d => { BornOn(d, birth); Period(d, start, start); });
        Assert.Equal(valid ? [] : [ProblemCodes.ParticipantPensionAge], Codes(result));
    }

    [Theory]
    [InlineData("2029-06-30", true)]
    [InlineData("2029-07-01", false)]
    public async Task AnActivityPastThePension_IsRefused_NamingTheLastDay(string end, bool valid)
    {
        var result = await ValidateAsync("2029-01-02", d => { BornOn(d, "1963-06-10"); Period(d, "2029-01-02", end); });
        Assert.Equal(valid ? [] : [ProblemCodes.PeriodPastPension], Codes(result));
        if (!valid)
        {
            Assert.Equal("activity.endDate", result.Problems[0].Path);
            Assert.Contains("2029-06-30", result.Problems[0].MessageNl, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2029-07-01", true)]  // the pension within the year judged: warned, naming the last day
    [InlineData("2028-07-01", false)] // a year and more away: renewals will stop at it, no warning now
    public async Task AnOpenEnd_ReachingThePensionWithinTheYear_IsAcceptedWithAWarning(string start, bool warned)
    {
        var result = await ValidateAsync(start, d => { BornOn(d, "1963-12-10"); Period(d, start, null); }, "v2-open-ended-wvg-at-another-workplace.json");
        Assert.True(result.IsValid, string.Join(";", Codes(result)));
        var warning = result.Warnings.SingleOrDefault(w => w.Code == ProblemCodes.OpenEndUntilPension);
        Assert.Equal(warned, warning is not null);
        Assert.Contains("2029-12-31", warning?.MessageNl ?? "2029-12-31", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "UNEMPLOYMENT", "INCAPACITY" }, false)]
    [InlineData(new[] { "UNEMPLOYMENT", "INCAPACITY", "SOCIAL_INTEGRATION" }, false)]
    [InlineData(new[] { "UNEMPLOYMENT", "SOCIAL_INTEGRATION" }, true)]
    [InlineData(new[] { "INCAPACITY", "SOCIAL_INTEGRATION" }, true)]
    [InlineData(new[] { "UNEMPLOYMENT", "DISABILITY_ALLOWANCE" }, true)]
    [InlineData(new[] { "INCAPACITY", "DISABILITY_ALLOWANCE" }, true)]
    [InlineData(new[] { "SOCIAL_INTEGRATION", "DISABILITY_ALLOWANCE" }, true)]
    public async Task UnemploymentAndIncapacity_AreNeverPaidForTheSameDays(string[] benefits, bool valid)
    {
        var result = await ValidateAsync("2026-11-22", d =>
        {
            d["benefits"] = new JsonArray(benefits.Select(b => (JsonNode)b).ToArray());
            d["participant"]!["landsbond"] = "100";
        });
        Assert.Equal(valid ? [] : [ProblemCodes.BenefitsExcludeEachOther], Codes(result));
        if (!valid)
        {
            Assert.Equal("benefits", result.Problems[0].Path);
            Assert.Contains("UNEMPLOYMENT + INCAPACITY", result.Problems[0].MessageNl, StringComparison.Ordinal);
        }
    }

    // The adviser's request is due the working day before the start. Monday 2027-01-11: due Friday 2027-01-08.
    [Theory]
    [InlineData("2027-01-08", null)]
    [InlineData("2027-01-09", ProblemCodes.LateStartIncapacity)] // a Saturday before a Monday start is late too
    [InlineData("2027-01-10", ProblemCodes.LateStartIncapacity)]
    [InlineData("2027-01-24", ProblemCodes.LateStartIncapacity)]            // the 14th day from the start: 10 %
    [InlineData("2027-01-25", ProblemCodes.LateStartIncapacityPastGrace)]   // the 15th: the benefit before the request
    public async Task TheAdvisersRequest_WorkingDayBefore_Then14Days(string today, string? expected)
    {
        var result = await ValidateAsync(today, d =>
        {
            d["benefits"] = new JsonArray("INCAPACITY");
            d["participant"]!["landsbond"] = "100";
            Period(d, "2027-01-11", "2027-06-30");
        });
        Assert.True(result.IsValid, string.Join(";", Codes(result)));
        var warning = result.Warnings.SingleOrDefault(w => w.Code.StartsWith("LATE_START_INCAPACITY", StringComparison.Ordinal));
        Assert.Equal(expected, warning?.Code);
        if (warning is not null)
        {
            var days = Math.Max(0, DateOnly.Parse(today, CultureInfo.InvariantCulture).DayNumber - new DateOnly(2027, 1, 11).DayNumber + 1);
            Assert.Contains($"({days} dagen)", warning.MessageNl, StringComparison.Ordinal);
            Assert.Contains("2027-01-08", warning.MessageNl, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(4.0, 3.2, true)]
    [InlineData(0, 3.2, false)]
    [InlineData(4.0, 0, false)]
    public async Task AmaWse_FlatAllowanceBesideRealCosts_IsWarned_TransportExcepted(double flat, double real, bool warned)
    {
        var result = await ValidateAsync("2026-11-22", d =>
        {
            d["kind"] = "AMA_WSE";
            d["activity"]!["flatAllowancePerDay"] = flat;
            d["activity"]!["realCostsPerDay"] = real;
        }, "v2-open-ended-wvg-at-another-workplace.json");
        Assert.True(result.IsValid, string.Join(";", Codes(result)));
        var warning = result.Warnings.SingleOrDefault(w => w.Code == ProblemCodes.AllowanceFlatAndRealCosts);
        Assert.Equal(warned, warning is not null);
        Assert.Contains("2000 km", warning?.MessageNl ?? "2000 km", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-01-03", false)] // before the start
    [InlineData("2027-01-04", true)]
    [InlineData("2027-06-30", true)]  // the last day
    [InlineData("2027-07-01", false)] // after the end
    public async Task BenefitsFrom_LiesWithinTheActivity(string from, bool valid)
    {
        var result = await ValidateAsync("2026-11-22", d =>
        {
            d["benefitsFrom"] = from;
            d["activity"]!["endDate"] = "2027-06-30";
        }, "v2-benefits-change-on-a-known-day.json");
        Assert.Equal(valid ? [] : [ProblemCodes.BenefitsFromOutsidePeriod], Codes(result));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task AmaBesideBegeleidWerken_IsRefused(bool begeleidWerken, bool valid)
    {
        var result = await ValidateAsync("2026-11-22", d => d["participant"]!["begeleidWerken"] = begeleidWerken, "v2-wvg-registered-job-seeker.json");
        Assert.Equal(valid ? [] : [ProblemCodes.AmaWithBegeleidWerken], Codes(result));
    }
}
