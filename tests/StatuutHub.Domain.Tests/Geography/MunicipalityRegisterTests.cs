using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Tests.Geography;

/// <summary>The register's answers on either side of a merger, and the contradictions it refuses.</summary>
public class MunicipalityRegisterTests
{
    private static readonly DateOnly LastDay2024 = new(2024, 12, 31);
    private static readonly DateOnly FirstDay2025 = new(2025, 1, 1);

    internal static Municipality Row(string code, string name, string? from = null, string? to = null, string? successor = null, Region region = Region.Flanders) =>
        new(NisCode.Parse(code), name, null, region, from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), successor is null ? null : NisCode.Parse(successor), "test");

    /// <summary>Melle and Merelbeke became Merelbeke-Melle on 2025-01-01; Gent did not change.</summary>
    internal static MunicipalityRegister Sample() => new(
    [
        Row("44021", "Gent"),
        Row("44040", "Melle", to: "2024-12-31", successor: "44088"),
        Row("44043", "Merelbeke", to: "2024-12-31", successor: "44088"),
        Row("44088", "Merelbeke-Melle", from: "2025-01-01"),
    ]);

    [Fact]
    public void AnUnchangedCode_IsValidOnBothSides()
    {
        Assert.IsType<MunicipalityLookup.Valid>(Sample().Find(NisCode.Parse("44021"), LastDay2024));
        Assert.IsType<MunicipalityLookup.Valid>(Sample().Find(NisCode.Parse("44021"), FirstDay2025));
    }

    [Fact]
    public void AMergedCode_IsValidUntilItsLastDay_ThenNamesItsSuccessor()
    {
        Assert.IsType<MunicipalityLookup.Valid>(Sample().Find(NisCode.Parse("44043"), LastDay2024));
        var merged = Assert.IsType<MunicipalityLookup.Merged>(Sample().Find(NisCode.Parse("44043"), FirstDay2025));
        Assert.Equal("44088", merged.Replacement!.Code.Value);
        Assert.Equal("Merelbeke", merged.Ended.NameNl);
    }

    [Fact]
    public void ANewCode_IsNotYetValidBeforeItsFirstDay()
    {
        Assert.IsType<MunicipalityLookup.NotYetValid>(Sample().Find(NisCode.Parse("44088"), LastDay2024));
        Assert.IsType<MunicipalityLookup.Valid>(Sample().Find(NisCode.Parse("44088"), FirstDay2025));
    }

    [Fact]
    public void ACodeNoMunicipalityEverHad_IsUnknown() =>
        Assert.IsType<MunicipalityLookup.Unknown>(Sample().Find(NisCode.Parse("99999"), FirstDay2025));

    [Fact]
    public void MergerAfterMerger_NamesTheCodeInForceOnTheDay()
    {
        var register = new MunicipalityRegister(
        [
            Row("12030", "Puurs", to: "2018-12-31", successor: "12041"),
            Row("12041", "Puurs-Sint-Amands", from: "2019-01-01", to: "2024-12-31", successor: "12099"),
            Row("12099", "Verder", from: "2025-01-01"),
        ]);
        var merged = Assert.IsType<MunicipalityLookup.Merged>(register.Find(NisCode.Parse("12030"), FirstDay2025));
        Assert.Equal("12099", merged.Replacement!.Code.Value);
    }

    [Fact]
    public void InForce_CountsTheMunicipalitiesOfADay()
    {
        Assert.Equal(3, Sample().InForce(LastDay2024).Count());
        Assert.Equal(2, Sample().InForce(FirstDay2025).Count());
    }

    public static TheoryData<string, Municipality[]> Contradictions() => new()
    {
        { "ends without successor", [Row("44040", "Melle", to: "2024-12-31")] },
        { "successor missing", [Row("44040", "Melle", to: "2024-12-31", successor: "44088")] },
        { "successor starts too late", [Row("44040", "Melle", to: "2024-12-31", successor: "44088"), Row("44088", "Merelbeke-Melle", from: "2025-02-01")] },
        { "overlap", [Row("44021", "Gent"), Row("44021", "Gent", from: "2025-01-01")] },
        { "ends before it starts", [Row("44088", "X", from: "2025-01-01", to: "2024-01-01", successor: "44021"), Row("44021", "Gent")] },
        { "no source", [Row("44021", "Gent") with { Source = " " }] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(Contradictions))]
    public void AContradictoryList_IsRefused(string why, Municipality[] rows)
    {
        Assert.NotEmpty(why);
        Assert.Throws<ArgumentException>(() => new MunicipalityRegister(rows));
    }
}
