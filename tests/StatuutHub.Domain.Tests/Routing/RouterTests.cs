using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Tests.Attests;

namespace StatuutHub.Domain.Tests.Routing;

public class RouterTests
{
    public static TheoryData<int> AllBenefitCombinations()
    {
        var data = new TheoryData<int>();
        for (var flags = 0; flags < 16; flags++)
        {
            data.Add(flags);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllBenefitCombinations))]
    public void Plan_EveryBenefitCombination_InFlanders_FollowsTheRoutingTable(int flags)
    {
        var benefits = (Benefits)flags;
        var plan = Router.Plan(TestAttests.With(benefits, landsbond: "300", nis: "71072"), TestRouting.Table);

        var expected = new List<PlannedMessage>();
        if (benefits.HasFlag(Benefits.Unemployment))
        {
            expected.Add(new PlannedMessage(Destination.Vdab, MessageKind.Create, "werkloosheid: VDAB, woonplaats 71072"));
            expected.Add(new PlannedMessage(Destination.Rva, MessageKind.Create, "werkloosheid, betaler", Destination.Vdab));
        }

        if (benefits.HasFlag(Benefits.Incapacity))
        {
            expected.Add(new PlannedMessage(Destination.Mutualiteit(Landsbond.Parse("300")), MessageKind.Create, "arbeidsongeschiktheid, landsbond 300"));
        }

        if (benefits.HasFlag(Benefits.SocialIntegration))
        {
            expected.Add(new PlannedMessage(Destination.Ocmw(NisCode.Parse("71072")), MessageKind.Create, "leefloon, gemeente 71072"));
        }

        expected.Add(new PlannedMessage(Destination.Dimona, MessageKind.Create, "Dimona"));
        Assert.Equal(expected, plan.Messages);
        Assert.Empty(plan.Gaps); // a disability allowance needs nobody's agreement: no message and no gap
        Assert.Empty(plan.Spared);
    }

    [Theory]
    [InlineData("21004", "Actiris")]
    [InlineData("62063", "Forem")]
    [InlineData("63023", "ADG")]
    public void Plan_UnemploymentOutsideFlanders_ShowsTheRegionalServiceAndTheRvaAsGaps(string nis, string service)
    {
        var plan = Router.Plan(TestAttests.With(Benefits.Unemployment | Benefits.SocialIntegration, nis: nis), TestRouting.Table);

        Assert.Equal([Destination.Ocmw(NisCode.Parse(nis)), Destination.Dimona], plan.Destinations);
        Assert.Equal([service, "RVA"], plan.Gaps.Select(g => g.Body));
        Assert.All(plan.Gaps, g => Assert.Equal(Benefits.Unemployment, g.Benefit));
        Assert.Contains("permissionsHeld", plan.Gaps[1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("21004")]
    [InlineData("44021")]
    public void Plan_AValidRegionalPermissionHeld_SparesTheRequest_AndTheRvaGoesAtOnce(string nis)
    {
        var attest = TestAttests.With(Benefits.Unemployment, nis: nis) with
        {
            PermissionsHeld = new HeldPermissions([new PermissionHeld(PermissionBody.EmploymentService, "ACT-2026-77", new DateOnly(2026, 3, 1))]),
        };

        var plan = Router.Plan(attest, TestRouting.Table);

        Assert.Equal([new PlannedMessage(Destination.Rva, MessageKind.Create, "werkloosheid, betaler"), new PlannedMessage(Destination.Dimona, MessageKind.Create, "Dimona")], plan.Messages);
        Assert.Empty(plan.Gaps);
        var spared = Assert.Single(plan.Spared);
        Assert.Equal(("ACT-2026-77", new DateOnly(2027, 2, 28)), (spared.Reference, spared.ValidUntil));
    }

    [Theory]
    [InlineData(PermissionBody.EmploymentService, "2026-01-04", false)] // given a year before the start: its last day was the day before
    [InlineData(PermissionBody.EmploymentService, "2026-01-06", true)]
    [InlineData(PermissionBody.Mutualiteit, "2025-01-05", true)] // the adviser's permission lasts two years
    [InlineData(PermissionBody.Mutualiteit, "2025-01-04", false)]
    [InlineData(PermissionBody.Ocmw, "2026-01-04", false)]
    [InlineData(PermissionBody.Ocmw, "2027-01-04", true)]
    [InlineData(PermissionBody.Ocmw, "2027-01-05", false)] // given after the start: not for this activity
    public void Plan_AHeldPermission_SparesItsRequestOnlyWhileValid(PermissionBody body, string givenOn, bool spared)
    {
        var attest = TestAttests.With(Benefits.Unemployment | Benefits.Incapacity | Benefits.SocialIntegration) with
        {
            // The adviser's permission names the activity it was given for: the same hours.
            PermissionsHeld = new HeldPermissions([new PermissionHeld(body, "REF", DateOnly.Parse(givenOn, System.Globalization.CultureInfo.InvariantCulture)) { HoursPerWeek = 16 }]),
        };

        var plan = Router.Plan(attest, TestRouting.Table);

        Assert.Equal(spared ? 1 : 0, plan.Spared.Count);
        Assert.Equal(spared ? 4 : 5, plan.Messages.Count);
    }

    [Fact]
    public void Plan_IsPure_SameAttestSamePlan()
    {
        var attest = TestAttests.With(Benefits.Unemployment | Benefits.SocialIntegration);
        Assert.Equal(Router.Plan(attest, TestRouting.Table).Messages, Router.Plan(attest, TestRouting.Table).Messages);
    }

    [Fact]
    public void Plan_IncapacityWithoutLandsbond_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Router.Plan(TestAttests.With(Benefits.Incapacity, landsbond: null), TestRouting.Table));
    }

    [Fact]
    public void PlanChange_Amend_GoesToInformedDestinations_NewOnesGetCreate_DroppedOnesGetCancel()
    {
        var before = TestAttests.With(Benefits.Unemployment);
        var after = TestAttests.With(Benefits.SocialIntegration);
        var v2 = AttestVersion.First(before, DateTimeOffset.UnixEpoch).Next(AttestChange.Amended, after, DateTimeOffset.UnixEpoch);

        var plan = Router.PlanChange([Destination.Vdab, Destination.Rva, Destination.Dimona], v2, TestRouting.Table);

        // Changed before the activity started: the dropped bodies have nothing to end, so they are withdrawn, first.
        Assert.Equal(
            [
                (Destination.Vdab, MessageKind.Cancel),
                (Destination.Rva, MessageKind.Cancel),
                (Destination.Ocmw(NisCode.Parse("44021")), MessageKind.Create),
                (Destination.Dimona, MessageKind.Amend),
            ],
            plan.Messages.Select(m => (m.Destination, m.Kind)));
    }

    [Fact]
    public void PlanChange_UnemploymentToLeefloon_DuringTheActivity_EndsTheOldRoutesTheDayBefore_ThenStartsTheOcmw()
    {
        var before = TestAttests.With(Benefits.Unemployment);
        var after = TestAttests.With(Benefits.SocialIntegration);
        var changedOn = new DateTimeOffset(2027, 3, 15, 9, 0, 0, TimeSpan.FromHours(1));
        var v2 = AttestVersion.First(before, DateTimeOffset.UnixEpoch).Next(AttestChange.Amended, after, changedOn);

        var plan = Router.PlanChange([Destination.Vdab, Destination.Rva, Destination.Dimona], v2, TestRouting.Table);

        Assert.Equal(
            [
                (Destination.Vdab, MessageKind.End, (DateOnly?)new DateOnly(2027, 3, 14)),
                (Destination.Rva, MessageKind.End, new DateOnly(2027, 3, 14)),
                (Destination.Ocmw(NisCode.Parse("44021")), MessageKind.Create, null),
                (Destination.Dimona, MessageKind.Amend, null),
            ],
            plan.Messages.Select(m => (m.Destination, m.Kind, m.EndsOn)));
    }

    [Fact]
    public void PlanChange_Amend_TheRvaStillWaitsOnVdab()
    {
        var attest = TestAttests.With(Benefits.Unemployment);
        var v2 = AttestVersion.First(attest, DateTimeOffset.UnixEpoch).Next(AttestChange.Amended, attest with { Activity = attest.Activity with { HoursPerWeek = 20 } }, DateTimeOffset.UnixEpoch);

        var plan = Router.PlanChange([Destination.Vdab, Destination.Dimona], v2, TestRouting.Table);

        Assert.Equal(
            [(Destination.Vdab, MessageKind.Amend, (Destination?)null), (Destination.Rva, MessageKind.Create, Destination.Vdab), (Destination.Dimona, MessageKind.Amend, null)],
            plan.Messages.Select(m => (m.Destination, m.Kind, m.WaitsOn)));
    }

    [Fact]
    public void PlanChange_Cancel_GoesToEveryInformedDestinationOnly()
    {
        var attest = TestAttests.With(Benefits.Unemployment | Benefits.Incapacity);
        var cancel = AttestVersion.First(attest, DateTimeOffset.UnixEpoch).Next(AttestChange.Cancelled, attest, DateTimeOffset.UnixEpoch);

        var plan = Router.PlanChange([Destination.Rva, Destination.Dimona], cancel, TestRouting.Table);

        Assert.Equal([Destination.Rva, Destination.Dimona], plan.Destinations);
        Assert.All(plan.Messages, m => Assert.Equal(MessageKind.Cancel, m.Kind));
    }

    [Fact]
    public void PlanChange_EndEarly_SendsEndToInformedDestinations()
    {
        var attest = TestAttests.With(Benefits.Unemployment);
        var ended = attest with { Activity = attest.Activity with { EndDate = new DateOnly(2027, 6, 30) } };
        var v2 = AttestVersion.First(attest, DateTimeOffset.UnixEpoch).Next(AttestChange.EndedEarly, ended, DateTimeOffset.UnixEpoch);

        var plan = Router.PlanChange([Destination.Vdab, Destination.Rva, Destination.Dimona], v2, TestRouting.Table);

        Assert.All(plan.Messages, m => Assert.Equal(MessageKind.End, m.Kind));
        Assert.Equal(3, plan.Messages.Count);
    }

    [Theory]
    [InlineData("rva")]
    [InlineData("vdab")]
    [InlineData("dimona")]
    [InlineData("mutualiteit-100")]
    [InlineData("ocmw-44021")]
    public void DestinationId_RoundTrips(string id)
    {
        Assert.True(Destination.TryParse(id, out var destination));
        Assert.Equal(id, destination.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("rva-1")]
    [InlineData("vdab-1")]
    [InlineData("mutualiteit-700")]
    [InlineData("ocmw-4402")]
    [InlineData("fod")]
    public void DestinationId_Unknown_IsRefused(string id) => Assert.False(Destination.TryParse(id, out _));
}
