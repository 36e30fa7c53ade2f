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
    public void Plan_EveryBenefitCombination_FollowsTheRoutingTable(int flags)
    {
        var benefits = (Benefits)flags;
        var plan = Router.Plan(TestAttests.With(benefits, landsbond: "300", nis: "71022"));

        var expected = new List<Destination>();
        if (benefits.HasFlag(Benefits.Unemployment))
        {
            expected.Add(Destination.Rva);
        }

        if (benefits.HasFlag(Benefits.Incapacity))
        {
            expected.Add(Destination.Mutualiteit(Landsbond.Parse("300")));
        }

        if (benefits.HasFlag(Benefits.SocialIntegration))
        {
            expected.Add(Destination.Ocmw(NisCode.Parse("71022")));
        }

        expected.Add(Destination.Dimona);
        Assert.Equal(expected, plan.Destinations);
        Assert.All(plan.Messages, m => Assert.Equal(MessageKind.Create, m.Kind));
        Assert.Empty(plan.Gaps); // a disability allowance needs nobody's agreement: no message and no gap
    }

    [Fact]
    public void Plan_IsPure_SameAttestSamePlan()
    {
        var attest = TestAttests.With(Benefits.Unemployment | Benefits.SocialIntegration);
        Assert.Equal(Router.Plan(attest).Destinations, Router.Plan(attest).Destinations);
    }

    [Fact]
    public void Plan_IncapacityWithoutLandsbond_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Router.Plan(TestAttests.With(Benefits.Incapacity, landsbond: null)));
    }

    [Fact]
    public void PlanChange_Amend_GoesToInformedDestinations_NewOnesGetCreate_DroppedOnesGetCancel()
    {
        var before = TestAttests.With(Benefits.Unemployment);
        var after = TestAttests.With(Benefits.SocialIntegration);
        var v2 = AttestVersion.First(before, DateTimeOffset.UnixEpoch).Next(AttestChange.Amended, after, DateTimeOffset.UnixEpoch);

        var plan = Router.PlanChange([Destination.Rva, Destination.Dimona], v2);

        Assert.Contains(plan.Messages, m => m.Destination == Destination.Dimona && m.Kind == MessageKind.Amend);
        Assert.Contains(plan.Messages, m => m.Destination == Destination.Ocmw(NisCode.Parse("44021")) && m.Kind == MessageKind.Create);
        Assert.Contains(plan.Messages, m => m.Destination == Destination.Rva && m.Kind == MessageKind.Cancel);
        Assert.Equal(3, plan.Messages.Count);
    }

    [Fact]
    public void PlanChange_Cancel_GoesToEveryInformedDestinationOnly()
    {
        var attest = TestAttests.With(Benefits.Unemployment | Benefits.Incapacity);
        var cancel = AttestVersion.First(attest, DateTimeOffset.UnixEpoch).Next(AttestChange.Cancelled, attest, DateTimeOffset.UnixEpoch);

        var plan = Router.PlanChange([Destination.Rva, Destination.Dimona], cancel);

        Assert.Equal([Destination.Rva, Destination.Dimona], plan.Destinations);
        Assert.All(plan.Messages, m => Assert.Equal(MessageKind.Cancel, m.Kind));
    }

    [Fact]
    public void PlanChange_EndEarly_SendsEndToInformedDestinations()
    {
        var attest = TestAttests.With(Benefits.Unemployment);
        var ended = attest with { Activity = attest.Activity with { EndDate = new DateOnly(2027, 6, 30) } };
        var v2 = AttestVersion.First(attest, DateTimeOffset.UnixEpoch).Next(AttestChange.EndedEarly, ended, DateTimeOffset.UnixEpoch);

        var plan = Router.PlanChange([Destination.Rva, Destination.Dimona], v2);

        Assert.All(plan.Messages, m => Assert.Equal(MessageKind.End, m.Kind));
    }

    [Theory]
    [InlineData("rva")]
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
    [InlineData("mutualiteit-700")]
    [InlineData("ocmw-4402")]
    [InlineData("fod")]
    public void DestinationId_Unknown_IsRefused(string id) => Assert.False(Destination.TryParse(id, out _));
}
