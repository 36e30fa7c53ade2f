using System.Text;
using System.Text.Json.Nodes;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Validation.Tests;

/// <summary>The shipped rules file loads, and a file with a gap, an overlap, a missing source or a missing table is refused with the reason.</summary>
public class RuleTablesJsonTests
{
    private static JsonObject Shipped()
    {
        using var stream = typeof(RuleTablesJson).Assembly.GetManifestResourceStream("rules.json")!;
        return JsonNode.Parse(stream)!.AsObject();
    }

    private static InvalidDataException Refused(JsonObject file) =>
        Assert.Throws<InvalidDataException>(() => RuleTablesJson.Load(new MemoryStream(Encoding.UTF8.GetBytes(file.ToJsonString()))));

    [Fact]
    public void TheShippedFile_Loads_WithASourceOnEveryRow()
    {
        var tables = RuleTablesJson.LoadDefault();
        Assert.Equal([65, 66, 67], tables.LegalPension.AgeByBirthDate.Rows.Select(r => r.Value));
        Assert.Equal(38m, tables.WeeklyHoursCeiling.Newest.Value);
        Assert.Equal([2017, 2018, 2019, 2021, 2022, 2023, 2024, 2025], tables.AllowanceCaps.Rows.Select(r => r.ValidFrom.Year));
        Assert.All(tables.AllowanceCaps.Rows, r => Assert.False(string.IsNullOrWhiteSpace(r.Source)));
    }

    [Fact]
    public void TheShippedHolidays_GiveBelgiumsTenPublicHolidaysOf2026()
    {
        var calendar = new StatuutHub.Domain.Calendar.WorkingDayCalendar(RuleTablesJson.LoadDefault().PublicHolidays);
        Assert.Equal(
            new[] { "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-14", "2026-05-25", "2026-07-21", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25" }.Select(d => DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture)),
            calendar.HolidaysOf(2026).Select(h => h.Date));
    }

    [Fact]
    public void TheShippedDeadlines_NameEveryBody_AndTheAdvisersWorkingDayRule()
    {
        var deadlines = RuleTablesJson.LoadDefault().SubmissionDeadlines.Newest.Value;
        var first = deadlines.Where(d => d.Kind == StatuutHub.Domain.Routing.MessageKind.Create).ToArray();
        Assert.Equal(Enum.GetValues<StatuutHub.Domain.Routing.DestinationKind>().Order(), first.Select(d => d.Destination).Order());
        Assert.Equal(StatuutHub.Domain.Calendar.DeadlineRule.WorkingDayBeforeStart,
            first.Single(d => d.Destination == StatuutHub.Domain.Routing.DestinationKind.Mutualiteit).Rule);
        Assert.Equal(14, first.Single(d => d.Destination == StatuutHub.Domain.Routing.DestinationKind.Mutualiteit).GraceDays);
        var dimona = deadlines.Where(d => d.Destination == StatuutHub.Domain.Routing.DestinationKind.Dimona).ToDictionary(d => d.Kind, d => d.Rule);
        Assert.Equal(StatuutHub.Domain.Calendar.DeadlineRule.AtStart, dimona[StatuutHub.Domain.Routing.MessageKind.Create]);
        Assert.Equal(StatuutHub.Domain.Calendar.DeadlineRule.FirstWorkingDayAfterEnd, dimona[StatuutHub.Domain.Routing.MessageKind.End]);
        Assert.Equal(StatuutHub.Domain.Calendar.DeadlineRule.AtStart, dimona[StatuutHub.Domain.Routing.MessageKind.Cancel]);
    }

    [Fact]
    public void ADeadlineForAnUnknownBody_IsRefused()
    {
        var file = Shipped();
        file["submissionDeadlines"]![0]!["value"]![0]!["destination"] = "fod";
        Assert.Contains("fod", Refused(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGapInATable_IsRefused_NamingTheTableAndTheDays()
    {
        var file = Shipped();
        file["legalPensionAgeByBirthDate"]![1]!["validFrom"] = "1960-01-02";
        var error = Refused(file);
        Assert.Contains("legalPensionAgeByBirthDate", error.Message, StringComparison.Ordinal);
        Assert.Contains("1960-01-01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOverlapInATable_IsRefused()
    {
        var file = Shipped();
        file["allowanceCaps"]![3]!["validFrom"] = "2021-06-01";
        Assert.Contains("allowanceCaps", Refused(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARowWithoutSource_IsRefused()
    {
        var file = Shipped();
        file["weeklyHoursCeiling"]![0]!.AsObject().Remove("source");
        Assert.Contains("weeklyHoursCeiling", Refused(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingTable_IsRefused()
    {
        var file = Shipped();
        file.Remove("legalPensionAgeByBirthDate");
        Assert.Contains("legalPensionAgeByBirthDate", Refused(file).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("benefitExclusions")]
    [InlineData("flatAllowanceTransportKmPerYear")]
    public void TheNewTables_AreRequiredToo(string table)
    {
        var file = Shipped();
        file.Remove(table);
        Assert.Contains(table, Refused(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExclusionOfAnUnknownBenefit_IsRefused()
    {
        var file = Shipped();
        file["benefitExclusions"]![0]!["value"]![0]!["benefits"]![1] = "PENSION";
        Assert.Contains("PENSION", Refused(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownField_IsRefused()
    {
        var file = Shipped();
        file["hoursCaps"] = new JsonArray();
        Refused(file);
    }

    [Theory]
    [InlineData("routes", "to", "FOD")]
    [InlineData("routes", "when", "PENSION")]
    [InlineData("regionalEmploymentServices", "region", "NL")]
    [InlineData("regionalEmploymentServices", "destination", "actiris")]
    [InlineData("permissionValidity", "body", "RVA")]
    public void ARoutingRowWithAnUnknownName_IsRefused_NamingIt(string table, string field, string value)
    {
        var file = Shipped();
        file[table]![0]!["value"]![0]![field] = value;
        Assert.Contains(value, Refused(file).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoutesWithoutDimona_OrARegionWithoutItsService_AreRefused()
    {
        var noDimona = Shipped();
        noDimona["routes"]![0]!["value"]!.AsArray().RemoveAt(5);
        Assert.Contains("routes", Refused(noDimona).Message, StringComparison.Ordinal);

        var noBrussels = Shipped();
        noBrussels["regionalEmploymentServices"]![0]!["value"]!.AsArray().RemoveAt(1);
        Assert.Contains("regionalEmploymentServices", Refused(noBrussels).Message, StringComparison.Ordinal);
    }
}
