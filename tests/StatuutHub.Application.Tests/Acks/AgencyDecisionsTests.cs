using StatuutHub.Application.Acks;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Tests.Acks;

public class AgencyDecisionsTests
{
    private static AgencyAck Ack(bool approved, DestinationKind agency = DestinationKind.Mutualiteit) =>
        new(agency, Guid.NewGuid(), approved, approved ? null : "ART100", approved ? null : "te veel uren", approved ? "MUT-9" : null, Attests.At);

    [Theory]
    [InlineData(DeliveryState.Sent)]
    [InlineData(DeliveryState.Overdue)]
    [InlineData(DeliveryState.Pending)]
    [InlineData(DeliveryState.RetryScheduled)]
    public void Approval_OfAnOpenDelivery_Acknowledges_WithTheReferenceInTheAudit(DeliveryState state)
    {
        var effect = AgencyDecisions.Decide(Ack(true), new DeliveryTarget(1, "mutualiteit-100", state));

        Assert.Equal((AckOutcome.Applied, DeliveryState.Acknowledged), (effect.Outcome, effect.To));
        Assert.Equal(new AuditEntry("DecisionApproved", "goedgekeurd door mutualiteit-100 (ref MUT-9)"), effect.Audit);
    }

    [Fact]
    public void Refusal_Rejects_WithTheReasonInTheAudit()
    {
        var effect = AgencyDecisions.Decide(Ack(false), new DeliveryTarget(1, "mutualiteit-100", DeliveryState.Sent));

        Assert.Equal((AckOutcome.Applied, DeliveryState.Rejected), (effect.Outcome, effect.To));
        Assert.Equal(new AuditEntry("DecisionRefused", "geweigerd door mutualiteit-100: ART100 te veel uren"), effect.Audit);
    }

    [Theory]
    [InlineData(DeliveryState.Acknowledged, true, AckOutcome.Duplicate)]
    [InlineData(DeliveryState.Acknowledged, false, AckOutcome.Conflict)]
    [InlineData(DeliveryState.Rejected, false, AckOutcome.Duplicate)]
    [InlineData(DeliveryState.Rejected, true, AckOutcome.Conflict)]
    [InlineData(DeliveryState.DeadLettered, true, AckOutcome.Conflict)]
    public void ADecidedOrDeadDelivery_DoesNotMove(DeliveryState state, bool approved, AckOutcome expected)
    {
        var effect = AgencyDecisions.Decide(Ack(approved), new DeliveryTarget(1, "mutualiteit-100", state));

        Assert.Equal((expected, (DeliveryState?)null, (AuditEntry?)null), (effect.Outcome, effect.To, effect.Audit));
    }

    [Fact]
    public void AnotherAgencysDelivery_IsRefused() =>
        Assert.Equal(AckOutcome.WrongAgency, AgencyDecisions.Decide(Ack(true, DestinationKind.Ocmw), new DeliveryTarget(1, "mutualiteit-100", DeliveryState.Sent)).Outcome);

    private static readonly RoutingTable Routing = StatuutHub.Validation.Rules.RuleTablesJson.LoadDefault().Routing;

    [Theory]
    [InlineData(MessageKind.Create, "2028-12-31", true)]
    [InlineData(MessageKind.Amend, null, true)]
    [InlineData(MessageKind.Renew, null, true)]
    [InlineData(MessageKind.Create, "2027-12-31", false)] // the adviser's two years outlast the activity
    [InlineData(MessageKind.End, null, false)]
    public void Approval_OfAPermissionThatExpiresBeforeTheEnd_PlansItsRenewal(MessageKind kind, string? end, bool renewed)
    {
        var target = new DeliveryTarget(1, "mutualiteit-100", DeliveryState.Sent, kind, 1,
            end is null ? null : DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));
        var effect = AgencyDecisions.Decide(Ack(true), target, Routing);

        // Approved on 2026-11-23: the adviser's permission lasts two years, to 2028-11-22; asked again 30 days before.
        Assert.Equal(renewed ? new Renewal(new DateOnly(2028, 10, 24), new DateOnly(2028, 11, 22)) : null, effect.Renewal);
    }

    [Theory]
    [InlineData("2027-09-30", "2027-09-01")] // the body's last day: asked again 30 days before it
    [InlineData("2030-12-31", null)]         // the permission outlasts the activity (to 2028-12-31): no renewal
    public void Approval_WithTheBodysLastDay_PlansTheRenewalFromIt(string validUntil, string? askOn)
    {
        var until = DateOnly.Parse(validUntil, System.Globalization.CultureInfo.InvariantCulture);
        var target = new DeliveryTarget(1, "mutualiteit-100", DeliveryState.Sent, MessageKind.Create, 1, new DateOnly(2028, 12, 31));
        var effect = AgencyDecisions.Decide(Ack(true) with { ValidUntil = until }, target, Routing);
        Assert.Equal(askOn is null ? null : new Renewal(DateOnly.Parse(askOn, System.Globalization.CultureInfo.InvariantCulture), until), effect.Renewal);
        Assert.Contains($"geldig tot en met {validUntil}", effect.Audit!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Interim_OnASentDelivery_IsNoted_WithoutAMove_AndOnADecidedOneIsADuplicate()
    {
        var waiting = Ack(true, DestinationKind.Dimona) with { Interim = true, Reason = "nog in behandeling bij de RSZ" };
        var noted = AgencyDecisions.Decide(waiting, new DeliveryTarget(1, "dimona", DeliveryState.Sent));
        Assert.Equal((AckOutcome.Noted, (DeliveryState?)null, "dimona: nog in behandeling bij de RSZ"), (noted.Outcome, noted.To, noted.Audit?.Detail));
        Assert.Equal(AckOutcome.Duplicate, AgencyDecisions.Decide(waiting, new DeliveryTarget(1, "dimona", DeliveryState.Acknowledged)).Outcome);
        Assert.Equal(AckOutcome.Conflict, AgencyDecisions.Decide(waiting, new DeliveryTarget(1, "dimona", DeliveryState.Pending)).Outcome);
    }
}
