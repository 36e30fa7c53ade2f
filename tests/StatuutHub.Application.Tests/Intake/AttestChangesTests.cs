using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Application.Tests.Intake;

public class AttestChangesTests
{
    private static readonly Attest Current = Attests.With(Benefits.Unemployment | Benefits.SocialIntegration);

    private static readonly ConcurrencyCheck NoConflicts = (_, _) => null;

    private static readonly RoutingTable Routing = StatuutHub.Validation.Rules.RuleTablesJson.LoadDefault().Routing;

    private static AttestSnapshot Snapshot(bool cancelled = false, params DeliveryFact[] deliveries) =>
        new(Current.AttestId, 1, cancelled, Current, CanonicalAttestJson.Hash(Current), deliveries);

    private static readonly DeliveryFact[] Sent =
    [
        new("vdab", 1, MessageKind.Create, DeliveryState.Acknowledged),
        new("rva", 1, MessageKind.Create, DeliveryState.Acknowledged),
        new("ocmw-44021", 1, MessageKind.Create, DeliveryState.Sent),
        new("dimona", 1, MessageKind.Create, DeliveryState.Acknowledged),
    ];

    [Fact]
    public void Submission_CarriesTheRoutingPlan_AndSaysItInTheAuditLine()
    {
        var submission = AttestChanges.Submission(Current, Routing, "initiative:0123456749", Attests.At, [], NoConflicts);

        Assert.Equal(["vdab", "rva", "ocmw-44021", "dimona"], submission.Plan.Destinations.Select(d => d.Id));
        Assert.Equal(Destination.Vdab, submission.Plan.Messages[1].WaitsOn);
        Assert.Equal("versie 1: Create → vdab, Create → rva (na vdab), Create → ocmw-44021, Create → dimona", submission.AuditDetail);
    }

    [Fact]
    public void Amend_WithOtherBenefits_AmendsWhoKnows_CreatesForTheNew_CancelsForTheDropped()
    {
        var amended = Current with { Benefits = Benefits.Unemployment | Benefits.Incapacity };

        var decision = Assert.IsType<ChangeDecision.NewVersion>(AttestChanges.Decide(Snapshot(false, Sent), AttestChange.Amended, amended, Routing, "a", Attests.At, [], NoConflicts));

        Assert.Equal((2, AttestChange.Amended), (decision.Version.Version, decision.Version.Change));
        Assert.Equal(
            [("ocmw-44021", MessageKind.Cancel), ("vdab", MessageKind.Amend), ("rva", MessageKind.Amend), ("mutualiteit-100", MessageKind.Create), ("dimona", MessageKind.Amend)],
            decision.Plan.Messages.Select(m => (m.Destination.Id, m.Kind)));
        Assert.Equal(CanonicalAttestJson.Hash(amended), decision.ContentHash);
        Assert.StartsWith("versie 2: ", decision.AuditDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void Amend_WithTheSameContent_AnswersAlreadyAccepted_WithTheCurrentStatus()
    {
        var answer = Assert.IsType<ChangeDecision.Answer>(AttestChanges.Decide(Snapshot(false, Sent), AttestChange.Amended, Current, Routing, "a", Attests.At, [], NoConflicts));

        Assert.Equal((WriteOutcome.AlreadyAccepted, 1, AttestStatus.InProgress), (answer.Result.Outcome, answer.Result.Version, answer.Result.Status));
    }

    [Fact]
    public void Cancel_SendsACancelToEveryDestinationThatHoldsTheAttest_NotToOnesAlreadyCancelled()
    {
        var decision = Assert.IsType<ChangeDecision.NewVersion>(AttestChanges.Decide(
            Snapshot(false, [.. Sent, new DeliveryFact("ocmw-44021", 2, MessageKind.Cancel, DeliveryState.Pending)]), AttestChange.Cancelled, null, Routing, "a", Attests.At, [], NoConflicts));

        Assert.Equal([("vdab", MessageKind.Cancel), ("rva", MessageKind.Cancel), ("dimona", MessageKind.Cancel)], decision.Plan.Messages.Select(m => (m.Destination.Id, m.Kind)));
        Assert.Equal(Current, decision.Version.Content);
    }

    [Fact]
    public void OnACancelledAttest_CancelAgainIsAlreadyAccepted_AndAmendIsAConflict()
    {
        var again = Assert.IsType<ChangeDecision.Answer>(AttestChanges.Decide(Snapshot(true), AttestChange.Cancelled, null, Routing, "a", Attests.At, [], NoConflicts));
        var amend = Assert.IsType<ChangeDecision.Answer>(AttestChanges.Decide(Snapshot(true), AttestChange.Amended, Current with { Benefits = Benefits.None }, Routing, "a", Attests.At, [], NoConflicts));

        Assert.Equal((WriteOutcome.AlreadyAccepted, AttestStatus.Cancelled), (again.Result.Outcome, again.Result.Status));
        Assert.Equal((WriteOutcome.Conflict, "ATTEST_CANCELLED"), (amend.Result.Outcome, amend.Result.Conflict));
    }

    [Fact]
    public void Amend_ToAnotherPerson_IsAConflict_NothingIsWritten_ButAnEndOrCancelOfTheSamePersonGoes()
    {
        var other = Current with { Participant = Current.Participant with { Insz = StatuutHub.Domain.Identifiers.Insz.Parse("90031421515") } };
        var answer = Assert.IsType<ChangeDecision.Answer>(AttestChanges.Decide(Snapshot(false, Sent), AttestChange.Amended, other, Routing, "a", Attests.At, [], NoConflicts));
        Assert.Equal((WriteOutcome.Conflict, AttestChanges.ParticipantChanged), (answer.Result.Outcome, answer.Result.Conflict));
        Assert.Equal(AttestChanges.ParticipantChanged, Refusals.Of(answer.Result)!.Code);

        var sameName = Current with { Participant = Current.Participant with { FamilyName = "Peeters-Claes" } };
        Assert.IsType<ChangeDecision.NewVersion>(AttestChanges.Decide(Snapshot(false, Sent), AttestChange.Amended, sameName, Routing, "a", Attests.At, [], NoConflicts));
        Assert.IsType<ChangeDecision.NewVersion>(AttestChanges.Decide(Snapshot(false, Sent), AttestChange.Cancelled, null, Routing, "a", Attests.At, [], NoConflicts));
    }

    [Fact]
    public void AChangeCannotBeASubmission() =>
        Assert.Throws<ArgumentException>(() => AttestChanges.Decide(Snapshot(), AttestChange.Submitted, Current, Routing, "a", Attests.At, [], NoConflicts));
}
