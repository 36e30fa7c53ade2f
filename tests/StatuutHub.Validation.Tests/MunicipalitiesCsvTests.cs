using System.Text;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Validation.Tests;

/// <summary>The shipped municipality list: whole, consistent with the 2025 mergers, with a region per code; and
/// the lists the loader refuses.</summary>
public class MunicipalitiesCsvTests
{
    private static readonly MunicipalityRegister Shipped = MunicipalitiesCsv.LoadDefault();

    [Fact]
    public void TheShippedList_Has581MunicipalitiesUntil2024_And565From2025()
    {
        Assert.Equal(581, Shipped.InForce(new DateOnly(2024, 12, 31)).Count());
        Assert.Equal(565, Shipped.InForce(new DateOnly(2025, 1, 1)).Count());
        Assert.Equal(581, Shipped.InForce(new DateOnly(2019, 1, 1)).Count());
    }

    [Theory]
    [InlineData("44021", Region.Flanders)]
    [InlineData("23106", Region.Flanders)]
    [InlineData("21004", Region.Brussels)]
    [InlineData("21019", Region.Brussels)]
    [InlineData("62063", Region.Wallonia)]
    [InlineData("82039", Region.Wallonia)]
    [InlineData("25072", Region.Wallonia)]
    [InlineData("63001", Region.GermanSpeaking)]
    [InlineData("63087", Region.GermanSpeaking)]
    [InlineData("63079", Region.Wallonia)]
    public void EachCode_LiesInItsRegion(string code, Region region)
    {
        var found = Assert.IsType<MunicipalityLookup.Valid>(Shipped.Find(NisCode.Parse(code), new DateOnly(2026, 1, 1)));
        Assert.Equal(region, found.Municipality.Region);
    }

    [Fact]
    public void TheNineGermanSpeakingMunicipalities_AreTheAdgOnes() =>
        Assert.Equal(["63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"],
            Shipped.InForce(new DateOnly(2026, 1, 1)).Where(m => m.Region == Region.GermanSpeaking).Select(m => m.Code.Value).Order());

    [Theory]
    [InlineData("44040", "44088")]
    [InlineData("44043", "44088")]
    [InlineData("23023", "23106")]
    [InlineData("23024", "23106")]
    [InlineData("23032", "23106")]
    [InlineData("11007", "11002")]
    [InlineData("11056", "46030")]
    [InlineData("82005", "82039")]
    [InlineData("12030", "12041")]
    public void EveryMergedCode_NamesTheCodeInForceIn2026(string old, string now)
    {
        var merged = Assert.IsType<MunicipalityLookup.Merged>(Shipped.Find(NisCode.Parse(old), new DateOnly(2026, 1, 1)));
        Assert.Equal(now, merged.Replacement!.Code.Value);
    }

    [Fact]
    public void EveryRow_CarriesItsSource() =>
        Assert.All(Shipped.InForce(new DateOnly(2026, 1, 1)), m => Assert.StartsWith("S20", m.Source, StringComparison.Ordinal));

    private const string Header = "#   S1  a source\n";

    [Theory]
    [InlineData(Header + "44021;Gent;Gand;VL;;;\n")]
    [InlineData(Header + "4402;Gent;Gand;VL;;;;S1\n")]
    [InlineData(Header + "44021;;Gand;VL;;;;S1\n")]
    [InlineData(Header + "44021;Gent;Gand;XX;;;;S1\n")]
    [InlineData(Header + "44021;Gent;Gand;VL;2025-13-01;;;S1\n")]
    [InlineData(Header + "44021;Gent;Gand;VL;;;;S2\n")]
    [InlineData(Header + "44043;Merelbeke;;VL;;2024-12-31;;S1\n")]
    [InlineData(Header + "44043;Merelbeke;;VL;;2024-12-31;44088;S1\n")]
    public void AListWithAFault_IsRefused(string csv) =>
        Assert.Throws<InvalidDataException>(() => MunicipalitiesCsv.Load(new MemoryStream(Encoding.UTF8.GetBytes(csv))));

    [Fact]
    public void AWellFormedList_Loads_WithItsDeclaredSource()
    {
        var register = MunicipalitiesCsv.Load(new MemoryStream(Encoding.UTF8.GetBytes(Header + "#          continued\n44021;Gent;Gand;VL;;;;S1\n")));
        var gent = Assert.IsType<MunicipalityLookup.Valid>(register.Find(NisCode.Parse("44021"), new DateOnly(2026, 1, 1))).Municipality;
        Assert.Equal("S1: a source continued", gent.Source);
        Assert.Equal("Gand", gent.NameFr);
    }
}
