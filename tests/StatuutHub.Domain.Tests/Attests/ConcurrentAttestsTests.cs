using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Rules;

namespace StatuutHub.Domain.Tests.Attests;

/// <summary>One person's attests at the same time: the rule of docs/domain.md, case by case.</summary>
public class ConcurrentAttestsTests
{
    private static readonly RuleTables Tables = new(
        Single(18), new LegalPension(Single(66)), new DatedTable<decimal>("weeklyHoursCeiling", [new(new DateOnly(2000, 1, 1), null, 38m, "s")]),
        new DatedTable<AllowanceCap>("allowanceCaps", [new(new DateOnly(2025, 1, 1), null, new AllowanceCap(42.31m, 1692.51m), "s")]),
        Single(24), Single(30), Single(5), new("publicHolidays", [new(new DateOnly(2000, 1, 1), null, [], "s")]),
        new("submissionDeadlines", [new(new DateOnly(2000, 1, 1), null, [], "s")]), Geography.MunicipalityRegisterTests.Sample(), Routing.TestRouting.Routes, Routing.TestRouting.Services, Routing.TestRouting.Validity);

    private static DatedTable<int> Single(int value) => new("t", [new(new DateOnly(2000, 1, 1), null, value, "s")]);

    private static Attest Make(AttestKind kind, string start, string end, decimal hours = 16, string workplace = "Atelier hout", string kbo = "0123456749", decimal perDay = 0, int? days = null) => new(
        Guid.NewGuid(), kind,
        new Initiative(KboNumber.Parse(kbo), null, "Initiatief"),
        new Participant(Insz.Parse("85073003328"), "Peeters", "An", new DateOnly(1985, 7, 30), NisCode.Parse("44021"), null),
        Benefits.None,
        new Activity(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture),
            hours, workplace, null, perDay, days));

    [Fact]
    public void Alone_IsFine() => Assert.Null(ConcurrentAttests.Check(Make(AttestKind.AmaWvg, "2027-01-04", "2027-06-30"), [], Tables));

    [Theory]
    [InlineData(AttestKind.AmaWvg, AttestKind.AmaWse)]
    [InlineData(AttestKind.AmaWse, AttestKind.AmaWvg)]
    public void WvgAndWse_AtTheSameTime_Conflict_NamingTheOther(AttestKind existing, AttestKind candidate)
    {
        var other = Make(existing, "2027-01-04", "2027-06-30", workplace: "Elders", kbo: "0417497106");
        var conflict = ConcurrentAttests.Check(Make(candidate, "2027-06-30", "2027-12-31"), [other], Tables);
        Assert.Equal(new AttestConflict(AttestConflicts.KindsOverlap, other.AttestId), conflict);
    }

    [Fact]
    public void WvgAndWse_OneAfterTheOther_AreFine() =>
        Assert.Null(ConcurrentAttests.Check(Make(AttestKind.AmaWse, "2027-07-01", "2027-12-31"), [Make(AttestKind.AmaWvg, "2027-01-04", "2027-06-30")], Tables));

    [Theory]
    [InlineData(AttestKind.AmaWvg)]
    [InlineData(AttestKind.AmaWse)]
    public void TheSameInitiativeAndWorkplace_TwiceInOnePeriod_Conflict(AttestKind kind)
    {
        var other = Make(kind, "2027-01-04", "2027-06-30", workplace: "atelier HOUT ");
        Assert.Equal(AttestConflicts.Overlapping, ConcurrentAttests.Check(Make(kind, "2027-03-01", "2027-12-31"), [other], Tables)?.Code);
    }

    [Fact]
    public void WvgAtAnotherWorkplace_MayRunAtTheSameTime() =>
        Assert.Null(ConcurrentAttests.Check(Make(AttestKind.AmaWvg, "2027-03-01", "2027-12-31", hours: 20), [Make(AttestKind.AmaWvg, "2027-01-04", "2027-06-30", hours: 18, workplace: "Moestuin")], Tables));

    [Fact]
    public void TwoWseAttests_AtOnce_Conflict_EvenAtOtherWorkplaces() =>
        Assert.Equal(AttestConflicts.Overlapping, ConcurrentAttests.Check(Make(AttestKind.AmaWse, "2027-03-01", "2027-12-31"), [Make(AttestKind.AmaWse, "2027-01-04", "2027-06-30", workplace: "Moestuin", kbo: "0417497106")], Tables)?.Code);

    [Theory]
    [InlineData(18, 20, false)]
    [InlineData(18, 21, true)]
    public void ConcurrentWvgHours_AddUpUnderTheWeeklyCeiling(decimal existingHours, decimal candidateHours, bool conflict)
    {
        var other = Make(AttestKind.AmaWvg, "2027-01-04", "2027-06-30", hours: existingHours, workplace: "Moestuin");
        var result = ConcurrentAttests.Check(Make(AttestKind.AmaWvg, "2027-03-01", "2027-12-31", hours: candidateHours), [other], Tables);
        Assert.Equal(conflict ? new AttestConflict(AttestConflicts.HoursOverCeilingTogether, other.AttestId) : null, result);
    }

    [Fact]
    public void Hours_CountOnlyWhatRunsOnTheSameDay()
    {
        // 20 h in the first half and 20 h in the second half never meet: beside each, the candidate's 18 h fit under 38.
        var first = Make(AttestKind.AmaWvg, "2027-01-04", "2027-06-30", hours: 20, workplace: "Moestuin");
        var second = Make(AttestKind.AmaWvg, "2027-07-01", "2027-12-31", hours: 20, workplace: "Keuken");
        Assert.Null(ConcurrentAttests.Check(Make(AttestKind.AmaWvg, "2027-01-04", "2027-12-31", hours: 18), [first, second], Tables));
        Assert.Equal(AttestConflicts.HoursOverCeilingTogether,
            ConcurrentAttests.Check(Make(AttestKind.AmaWvg, "2027-01-04", "2027-12-31", hours: 19), [first, second], Tables)?.Code);
    }

    [Fact]
    public void WseFlatAllowances_OfOneCalendarYear_AddUpUnderTheYearCap()
    {
        // 6 months at €7 on 5 days a week ≈ €910 each: one fits under €1,692.51, two in the same year do not.
        var first = Make(AttestKind.AmaWse, "2027-01-01", "2027-06-30", perDay: 7, workplace: "Moestuin", kbo: "0417497106");
        var conflict = ConcurrentAttests.Check(Make(AttestKind.AmaWse, "2027-07-01", "2027-12-31", perDay: 7), [first], Tables);
        Assert.Equal(new AttestConflict(AttestConflicts.AllowanceOverYearCapTogether, first.AttestId), conflict);
        Assert.Null(ConcurrentAttests.Check(Make(AttestKind.AmaWse, "2027-07-01", "2027-12-31", perDay: 7, days: 2), [first], Tables));
    }

    [Fact]
    public void WvgFlatAllowances_CountAsPay_AndDoNotAddToTheVolunteerCap()
    {
        var wvg = Make(AttestKind.AmaWvg, "2026-01-01", "2026-12-31", perDay: 40);
        Assert.Null(ConcurrentAttests.Check(Make(AttestKind.AmaWse, "2027-01-01", "2027-12-31", perDay: 4.5m), [wvg], Tables));
    }

    [Fact]
    public void TheCandidatesOwnEarlierVersion_IsNotAnotherAttest()
    {
        var current = Make(AttestKind.AmaWse, "2027-01-04", "2027-06-30");
        Assert.Null(ConcurrentAttests.Check(current with { Activity = current.Activity with { HoursPerWeek = 20 } }, [current], Tables));
    }
}
