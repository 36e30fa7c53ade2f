using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Validation.Tests;

/// <summary>The shipped routing rules (rules.json and municipalities.csv) for every benefit combination and a
/// residence in each region: who is told, who waits for whom, and what is a gap.</summary>
public class ShippedRoutingTests
{
    private static readonly RoutingTable Routing = RuleTablesJson.LoadDefault().Routing;

    public static TheoryData<AttestKind, int, string> EveryCombinationInEveryRegion()
    {
        var data = new TheoryData<AttestKind, int, string>();
        foreach (var kind in new[] { AttestKind.AmaWse, AttestKind.AmaWvg })
        {
            foreach (var nis in new[] { "44088", "21004", "62063", "63023" })
            {
                for (var flags = 0; flags < 16; flags++)
                {
                    data.Add(kind, flags, nis);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCombinationInEveryRegion))]
    public void Plan_FollowsTheShippedRules(AttestKind kind, int flags, string nis)
    {
        var benefits = (Benefits)flags;
        var flemish = nis == "44088";
        var plan = Router.Plan(Attest(benefits, nis, kind), Routing);

        var expected = new List<(string, string?)>();
        var gaps = new List<string>();
        if (kind == AttestKind.AmaWse)
        {
            // VDAB decides access to AMA WSE for everyone, wherever they live and whatever their benefits.
            expected.Add(("vdab", null));
        }

        if (benefits.HasFlag(Benefits.Unemployment))
        {
            if (flemish)
            {
                if (kind == AttestKind.AmaWvg)
                {
                    expected.Add(("vdab", null));
                }

                expected.Add(("rva", "vdab"));
            }
            else
            {
                gaps.Add(nis switch { "21004" => "Actiris", "62063" => "Forem", _ => "ADG (Arbeitsamt der Deutschsprachigen Gemeinschaft)" });
                gaps.Add("RVA");
            }
        }

        if (benefits.HasFlag(Benefits.Incapacity))
        {
            expected.Add(("mutualiteit-500", null));
        }

        if (benefits.HasFlag(Benefits.SocialIntegration))
        {
            expected.Add(($"ocmw-{nis}", null));
        }

        expected.Add(("dimona", null));
        Assert.Equal(expected, plan.Messages.Select(m => (m.Destination.Id, m.WaitsOn?.Id)));
        Assert.Equal(gaps, plan.Gaps.Select(g => g.Body));
        Assert.All(plan.Messages, m => Assert.False(string.IsNullOrWhiteSpace(m.Reason)));
    }

    [Fact]
    public void AResidenceWhoseCodeEndedInAMerger_HasNoRegion_SoTheRegionalServiceIsAGap()
    {
        // The validator refuses such an attest; a stored one from before the merger still routes, visibly.
        var plan = Router.Plan(Attest(Benefits.Unemployment, "44043"), Routing);
        Assert.Equal(["gewestelijke dienst voor arbeidsbemiddeling", "RVA"], plan.Gaps.Select(g => g.Body));
    }

    [Fact]
    public void AnAmaWseParticipant_WithAValidHeldVdabPermission_IsSparedTheRequest_AndTheRvaGoesAtOnce()
    {
        var held = Attest(Benefits.Unemployment, "44088") with { PermissionsHeld = new([new PermissionHeld(PermissionBody.EmploymentService, "VDAB-7", new DateOnly(2026, 6, 1))]) };
        var plan = Router.Plan(held, Routing);
        Assert.Equal([("rva", (string?)null), ("dimona", null)], plan.Messages.Select(m => (m.Destination.Id, m.WaitsOn?.Id)));
        Assert.Equal(["VDAB"], plan.Spared.Select(s => s.Body));
    }

    [Fact]
    public void AnAmaWseParticipantOnUnemployment_GetsOneVdabMessage_NamingBothReasons()
    {
        var vdab = Router.Plan(Attest(Benefits.Unemployment, "44088"), Routing).Messages.Single(m => m.Destination.Id == "vdab");
        Assert.Contains("AMA WSE", vdab.Reason, StringComparison.Ordinal);
        Assert.Contains("werkloosheidsuitkering", vdab.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BeforeApril2021_AmaWseWithoutUnemployment_WasNotRoutedToVdab()
    {
        var plan = Router.Plan(Attest(Benefits.Incapacity, "44088") with { Activity = new Activity(new DateOnly(2021, 3, 1), new DateOnly(2021, 3, 31), 16m, "Atelier hout", null, 0m, null) }, Routing);
        Assert.DoesNotContain(plan.Messages, m => m.Destination.Id == "vdab");
    }

    private static Attest Attest(Benefits benefits, string nis, AttestKind kind = AttestKind.AmaWse) => new(
        Guid.Parse("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b"),
        kind,
        new Initiative(KboNumber.Parse("0123456749"), null, "De Keiberg vzw"),
        new Participant(Insz.Parse("85073003328"), "Peeters", "An", new DateOnly(1985, 7, 30), NisCode.Parse(nis), Landsbond.Parse("500")),
        benefits,
        new Activity(new DateOnly(2027, 1, 4), new DateOnly(2027, 12, 31), 16m, "Atelier hout", "houtbewerking", 0m, null));
}
