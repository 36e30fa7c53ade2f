using StatuutHub.Application.Acks;
using StatuutHub.Application.Inbox;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Tests.Inbox;

/// <summary>What the inbox decides without I/O: a person's decision stands only on the version they read; the refusal reasons are dated
/// data with a source per row; a body's message is read back as its fields.</summary>
public class InboxRulesTests
{
    private static AgencyAck Seen(int version, bool approved = true) =>
        new(DestinationKind.Ocmw, Guid.NewGuid(), approved, approved ? null : "OCMW_NO_RIGHT", null, null, Attests.At) { SeenVersion = version, DecidedBy = "office:ocmw-44021:jan" };

    [Theory]
    [InlineData(MessageKind.Create, 1, 1, false, AckOutcome.Applied)]
    [InlineData(MessageKind.Create, 1, 2, false, AckOutcome.Outdated)] // amended after it was read
    [InlineData(MessageKind.Create, 1, 1, true, AckOutcome.Outdated)] // cancelled after it was read
    [InlineData(MessageKind.Amend, 2, 2, false, AckOutcome.Applied)]
    [InlineData(MessageKind.Cancel, 2, 2, true, AckOutcome.Applied)] // the cancellation itself is taken note of
    public void APersonsDecision_StandsOnlyOnTheVersionTheyRead(MessageKind kind, int version, int current, bool cancelled, AckOutcome expected)
    {
        var target = new DeliveryTarget(1, "ocmw-44021", DeliveryState.Sent, kind, version) { CurrentVersion = current, AttestCancelled = cancelled };

        Assert.Equal(expected, AgencyDecisions.Decide(Seen(version), target).Outcome);
    }

    [Fact]
    public void AnAgencysOwnDecision_IsNotHeldToAVersion() =>
        Assert.Equal(AckOutcome.Applied, AgencyDecisions.Decide(
            new AgencyAck(DestinationKind.Ocmw, Guid.NewGuid(), true, null, null, null, Attests.At),
            new DeliveryTarget(1, "ocmw-44021", DeliveryState.Sent, MessageKind.Create, 1) { CurrentVersion = 2 }).Outcome);

    [Theory]
    [InlineData(DeliveryState.Acknowledged, true, AckOutcome.Duplicate)]
    [InlineData(DeliveryState.Rejected, true, AckOutcome.Conflict)]
    public void ADecidedRequest_AnswersAsBefore_EvenAfterAnAmendment(DeliveryState state, bool approved, AckOutcome expected) =>
        Assert.Equal(expected, AgencyDecisions.Decide(Seen(1, approved), new DeliveryTarget(1, "ocmw-44021", state, MessageKind.Create, 1) { CurrentVersion = 2 }).Outcome);

    [Fact]
    public void EveryRefusalReason_HasItsWords_ADay_AndAPublicSource()
    {
        var reasons = RefusalReasons.LoadDefault();
        foreach (var kind in Enum.GetValues<DestinationKind>())
        {
            var list = reasons.For(kind, new DateOnly(2027, 1, 1));
            Assert.Equal(list.Count, list.Select(r => r.Code).Distinct().Count());
            Assert.Contains(list, r => r.Code == RefusalReasons.Other);
            Assert.All(list, r => Assert.False(string.IsNullOrWhiteSpace(r.Nl) || string.IsNullOrWhiteSpace(r.Fr) || string.IsNullOrWhiteSpace(r.En)));
            Assert.All(list, r => Assert.True(r.Source.StartsWith("https://", StringComparison.Ordinal) || r.Source.StartsWith("StatuutHub, docs/", StringComparison.Ordinal), r.Source));
        }

        Assert.Contains(reasons.For(DestinationKind.Ocmw, new DateOnly(2027, 1, 1)), r => r.Code == "OCMW_NO_RIGHT");
        Assert.DoesNotContain(reasons.For(DestinationKind.Ocmw, new DateOnly(2027, 1, 1)), r => r.Code.StartsWith("MUT_", StringComparison.Ordinal));
        Assert.DoesNotContain(reasons.For(DestinationKind.Ocmw, new DateOnly(2025, 12, 31)), r => r.Code == RefusalReasons.Other); // not before its day
    }

    [Fact]
    public void ABodysMessage_IsReadBackAsItsFields_JsonAndXml()
    {
        Assert.Equal([("messageId", "m-1"), ("participant.familyName", "Claes"), ("hoursPerWeek", "16"), ("benefits[0]", "LEEFLOON")],
            MessageFields.Of("""{"messageId":"m-1","participant":{"familyName":"Claes"},"hoursPerWeek":16,"endDate":null,"benefits":["LEEFLOON"]}""", "application/json"));
        Assert.Equal([("messageId", "m-2"), ("participant.insz", "90031421515")],
            MessageFields.Of("""<amaNotification xmlns="urn:be:rva:ama-notification:v2"><messageId>m-2</messageId><participant><insz>90031421515</insz></participant></amaNotification>""", "application/xml"));
        Assert.Empty(MessageFields.Of("{not json", "application/json"));
    }
}
