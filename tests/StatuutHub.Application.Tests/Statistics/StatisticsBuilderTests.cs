using StatuutHub.Application.Statistics;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Application.Tests.Statistics;

public class StatisticsBuilderTests
{
    private static readonly DateTimeOffset Submitted = new(2027, 1, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Domain.Geography.ProvinceTable Provinces = ProvincesJson.LoadDefault();
    private static readonly Domain.Geography.MunicipalityRegister Municipalities = MunicipalitiesCsv.LoadDefault();

    [Fact]
    public void AGroupOfFourAndAnEmptyCount_AreSuppressed_AGroupOfFive_IsShown_AndAnEmptyGroupIsNoRow()
    {
        var builder = Builder(new DateOnly(2027, 1, 31));
        for (var i = 0; i < 4; i++)
        {
            builder.Add(Facts(Attest(Benefits.Unemployment, "44021")));
        }

        for (var i = 0; i < 5; i++)
        {
            builder.Add(Facts(Attest(Benefits.Incapacity, "44021")));
        }

        var report = builder.Build(Submitted);
        var unemployment = Assert.Single(report.Attests, c => c.Benefit == "UNEMPLOYMENT");
        Assert.Equal((null, null, null, true), (unemployment.Started, unemployment.Running, unemployment.Ended, unemployment.Suppressed));
        var incapacity = Assert.Single(report.Attests, c => c.Benefit == "INCAPACITY");
        Assert.Equal(("2027-01", "OVL", "VL", "AMA_WSE", 5, 5, null, true), (incapacity.Month, incapacity.Province, incapacity.Region, incapacity.Kind, incapacity.Started, incapacity.Running, incapacity.Ended, incapacity.Suppressed));
        Assert.Equal(2, report.Attests.Count);
    }

    [Fact]
    public void AnAttest_StartsInItsMonth_RunsOnTheLastDayOfEachMonthItCovers_AndEndsInItsEndMonth()
    {
        var builder = Builder(new DateOnly(2027, 4, 30), threshold: 5);
        for (var i = 0; i < 5; i++)
        {
            builder.Add(Facts(Attest(Benefits.Unemployment, "11002", new DateOnly(2027, 1, 15), new DateOnly(2027, 3, 10))));
        }

        var byMonth = builder.Build(Submitted).Attests.ToDictionary(c => c.Month, c => (c.Started, c.Running, c.Ended));
        Assert.Equal((5, 5, null), byMonth["2027-01"]); // started, running on the 31st
        Assert.Equal((null, 5, null), byMonth["2027-02"]);
        Assert.Equal((null, null, 5), byMonth["2027-03"]); // ended on the 10th: not running on the 31st
        Assert.False(byMonth.ContainsKey("2027-04"));
    }

    [Fact]
    public void AnOpenEndedAttest_RunsUntilTheDayOfTheReport_AndAFutureOneIsNotCountedYet()
    {
        var builder = Builder(new DateOnly(2027, 3, 15));
        for (var i = 0; i < 5; i++)
        {
            builder.Add(Facts(Attest(Benefits.SocialIntegration, "21004", new DateOnly(2027, 1, 4), null)));
            builder.Add(Facts(Attest(Benefits.SocialIntegration, "21004", new DateOnly(2027, 6, 1), null)));
        }

        var cells = builder.Build(Submitted).Attests;
        Assert.All(cells, c => Assert.Equal(("BRU", "BR"), (c.Province, c.Region)));
        Assert.Equal(["2027-01", "2027-02"], cells.Select(c => c.Month)); // March has not ended on the 15th; June lies ahead
        Assert.Equal([5, 5], cells.Select(c => c.Running));
    }

    [Fact]
    public void ACancelledAttest_IsNotCounted_AndSeveralBenefits_CountOnceUnderEach()
    {
        var builder = Builder(new DateOnly(2027, 1, 31));
        for (var i = 0; i < 5; i++)
        {
            builder.Add(Facts(Attest(Benefits.Unemployment | Benefits.Incapacity, "24062")));
            builder.Add(Facts(Attest(Benefits.Unemployment, "24062")) with { Cancelled = true });
            builder.Add(Facts(Attest(Benefits.None, "24062")));
        }

        var cells = builder.Build(Submitted).Attests.ToDictionary(c => c.Benefit, c => c.Started);
        Assert.Equal(new Dictionary<string, int?> { ["INCAPACITY"] = 5, ["NONE"] = 5, ["UNEMPLOYMENT"] = 5 }, cells);
    }

    [Theory]
    [InlineData("11002", "ANT", "VL")] // Antwerpen
    [InlineData("23088", "VBR", "VL")] // Vilvoorde: arrondissement Halle-Vilvoorde
    [InlineData("24062", "VBR", "VL")] // Leuven
    [InlineData("25072", "WBR", "WA")] // Nijvel: Walloon Brabant
    [InlineData("21004", "BRU", "BR")] // Brussel
    [InlineData("63023", "LIE", "DG")] // Eupen: province of Liège, German-speaking Community
    [InlineData("44021", "OVL", "VL")] // Gent
    [InlineData("92094", "NAM", "WA")] // Namen
    [InlineData("99999", "UNKNOWN", "UNKNOWN")]
    public void TheGroup_IsTheProvinceAndRegionOfTheResidence(string nis, string province, string region)
    {
        var builder = Builder(new DateOnly(2027, 1, 31));
        for (var i = 0; i < 5; i++)
        {
            builder.Add(Facts(Attest(Benefits.Unemployment, nis)));
        }

        var cell = Assert.Single(builder.Build(Submitted).Attests);
        Assert.Equal((province, region), (cell.Province, cell.Region));
    }

    [Fact]
    public void RecognitionTimes_PerBodyAndStartMonth_MedianAndP90ByNearestRank_SmallGroupsSuppressed()
    {
        var builder = Builder(new DateOnly(2027, 1, 31));
        for (var day = 1; day <= 10; day++)
        {
            builder.Add(Facts(Attest(Benefits.Unemployment, "44021"), new DeliveryMeasures(DestinationKind.Vdab, MessageKind.Create, DeliveryState.Acknowledged, Submitted, Submitted.AddDays(day), null)));
        }

        for (var i = 0; i < 3; i++)
        {
            builder.Add(Facts(Attest(Benefits.Incapacity, "44021"), new DeliveryMeasures(DestinationKind.Mutualiteit, MessageKind.Create, DeliveryState.Acknowledged, Submitted, Submitted.AddDays(1), null)));
        }

        var report = builder.Build(Submitted);
        var vdab = Assert.Single(report.Recognition, c => c.Body == "vdab");
        Assert.Equal(("2027-01", 10, 5.0, 9.0), (vdab.Month, vdab.Approved, vdab.MedianDays, vdab.P90Days));
        var mutualiteit = Assert.Single(report.Recognition, c => c.Body == "mutualiteit");
        Assert.Equal((null, null, null, true), (mutualiteit.Approved, mutualiteit.MedianDays, mutualiteit.P90Days, mutualiteit.Suppressed));
    }

    [Fact]
    public void Refusals_CountPerBodyAndReason_AndOnlyFirstRequestsCountForRecognition()
    {
        var builder = Builder(new DateOnly(2027, 1, 31));
        for (var i = 0; i < 6; i++)
        {
            builder.Add(Facts(Attest(Benefits.SocialIntegration, "44021"),
                new DeliveryMeasures(DestinationKind.Ocmw, MessageKind.Create, DeliveryState.Rejected, Submitted, Submitted.AddDays(2), "NOT_ENTITLED"),
                new DeliveryMeasures(DestinationKind.Dimona, MessageKind.Amend, DeliveryState.Acknowledged, Submitted, Submitted.AddDays(1), null)));
        }

        builder.Add(Facts(Attest(Benefits.SocialIntegration, "44021"), new DeliveryMeasures(DestinationKind.Ocmw, MessageKind.Create, DeliveryState.Rejected, Submitted, null, null)));
        var report = builder.Build(Submitted);
        Assert.Equal([("ocmw", "NOT_ENTITLED", (int?)5), ("ocmw", "UNKNOWN", null)], report.Refusals.Select(r => (r.Body, r.ReasonCode, r.Refused)));
        Assert.Empty(report.Recognition); // an amendment's approval is no first recognition
    }

    [Fact]
    public void Percentile_IsTheNearestRank() =>
        Assert.Equal((1.0, 2.0, 4.0), (StatisticsBuilder.Percentile([1.0], 0.9), StatisticsBuilder.Percentile([1.0, 2.0, 3.0, 4.0], 0.5), StatisticsBuilder.Percentile([1.0, 2.0, 3.0, 4.0], 0.9)));

    [Fact]
    public void EveryMunicipalityInForce_LiesInAProvince()
    {
        var today = new DateOnly(2026, 12, 1);
        var missing = Municipalities.InForce(today).Where(m => Provinces.Of(m.Code, today) is null).Select(m => m.Code.Value).ToArray();
        Assert.Empty(missing);
        Assert.True(Municipalities.InForce(today).Count() > 500);
    }

    private static StatisticsBuilder Builder(DateOnly asOf, int threshold = 5) => new(asOf, threshold, Provinces, Municipalities);

    private static AttestFacts Facts(Attest attest, params DeliveryMeasures[] deliveries) => new(attest, Submitted, false, deliveries);

    private static Attest Attest(Benefits benefits, string nis, DateOnly? start = null, DateOnly? end = null)
    {
        var attest = Attests.With(benefits);
        return attest with
        {
            Participant = attest.Participant with { ResidenceNis = NisCode.Parse(nis) },
            Activity = attest.Activity with { StartDate = start ?? new DateOnly(2027, 1, 4), EndDate = start is null && end is null ? new DateOnly(2027, 12, 31) : end },
        };
    }
}
