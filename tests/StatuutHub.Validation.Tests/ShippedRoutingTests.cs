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

    [Theory]
    [InlineData(AttestKind.AmaWvg, "44088", new[] { "vdab", "dimona" }, new string[0])]
    [InlineData(AttestKind.AmaWvg, "21004", new[] { "dimona" }, new[] { "Actiris" })]
    [InlineData(AttestKind.AmaWse, "44088", new[] { "vdab", "dimona" }, new string[0])]
    public void ARegisteredJobSeekerWithoutBenefit_NeedsTheRegionalEmploymentService(AttestKind kind, string nis, string[] told, string[] gaps)
    {
        var seeker = Attest(Benefits.None, nis, kind) with { Participant = Attest(Benefits.None, nis).Participant with { RegisteredJobSeeker = true } };
        var plan = Router.Plan(seeker, Routing);
        Assert.Equal(told, plan.Messages.Select(m => m.Destination.Id));
        Assert.Equal(gaps, plan.Gaps.Select(g => g.Body));
    }

    [Theory]
    [InlineData(16.0, "0123456749", true)]  // the same hours, the same werkpost: spared
    [InlineData(16.0, null, true)]          // the same hours, no werkpost named: spared
    [InlineData(20.0, "0123456749", false)] // other hours: a new request
    [InlineData(16.0, "0417497106", false)] // another werkpost: a new request
    public void AHeldAdviserPermission_SparesTheRequestOnlyForTheSameActivity(double hours, string? werkpost, bool spared)
    {
        var permission = new PermissionHeld(PermissionBody.Mutualiteit, "CM-1", new DateOnly(2026, 10, 1))
        {
            HoursPerWeek = (decimal)hours,
            Werkpost = werkpost is null ? null : KboNumber.Parse(werkpost),
        };
        var plan = Router.Plan(Attest(Benefits.Incapacity, "44088", AttestKind.AmaWvg) with { PermissionsHeld = new([permission]) }, Routing);
        Assert.Equal(spared, plan.Messages.All(m => m.Destination.Kind != DestinationKind.Mutualiteit));
        Assert.Equal(spared ? 1 : 0, plan.Spared.Count);
        if (!spared)
        {
            Assert.Contains("andere uren of een andere werkpost", plan.Messages.Single(m => m.Destination.Kind == DestinationKind.Mutualiteit).Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AHeldAdviserPermission_ThatDoesNotSayWhatItWasFor_DoesNotSpareTheRequest()
    {
        var permission = new PermissionHeld(PermissionBody.Mutualiteit, "CM-1", new DateOnly(2026, 10, 1));
        var plan = Router.Plan(Attest(Benefits.Incapacity, "44088", AttestKind.AmaWvg) with { PermissionsHeld = new([permission]) }, Routing);
        Assert.Contains(plan.Messages, m => m.Destination.Kind == DestinationKind.Mutualiteit);
    }

    [Theory]
    [InlineData("2027-04-01", "2027-03-31")] // the day the attest gives
    [InlineData(null, "2027-02-09")]         // without it: the day before the amendment arrives
    public void ABenefitChange_EndsTheDroppedRoutesTheDayBeforeItTakesEffect(string? from, string endsOn)
    {
        var v1 = Attest(Benefits.Unemployment, "44088");
        var v2 = v1 with
        {
            Benefits = Benefits.SocialIntegration,
            BenefitsFrom = from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
        };
        var version = new AttestVersion(v1.AttestId, 2, AttestChange.Amended, v2, new DateTimeOffset(2027, 2, 10, 9, 0, 0, TimeSpan.Zero));
        var plan = Router.PlanChange([Destination.Vdab, Destination.Rva, Destination.Dimona], version, Routing);

        var ends = plan.Messages.Where(m => m.Kind == MessageKind.End).ToArray();
        Assert.Equal(["rva"], ends.Select(m => m.Destination.Id)); // VDAB stays: AMA WSE
        Assert.All(ends, m => Assert.Equal(DateOnly.Parse(endsOn, System.Globalization.CultureInfo.InvariantCulture), m.EndsOn));
        var ocmw = plan.Messages.Single(m => m.Destination.Kind == DestinationKind.Ocmw);
        Assert.Equal(MessageKind.Create, ocmw.Kind);
        Assert.Equal(from is not null, ocmw.Reason.Contains($"vanaf {from}", StringComparison.Ordinal));
    }

    private static Attest Attest(Benefits benefits, string nis, AttestKind kind = AttestKind.AmaWse) => new(
        Guid.Parse("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b"),
        kind,
        new Initiative(KboNumber.Parse("0123456749"), null, "De Keiberg vzw"),
        new Participant(Insz.Parse("85073003328"), "Peeters", "An", new DateOnly(1985, 7, 30), NisCode.Parse(nis), Landsbond.Parse("500")),
        benefits,
        new Activity(new DateOnly(2027, 1, 4), new DateOnly(2027, 12, 31), 16m, "Atelier hout", "houtbewerking", 0m, null));
}
