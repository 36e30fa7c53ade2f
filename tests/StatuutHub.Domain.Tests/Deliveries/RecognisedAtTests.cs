using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Domain.Tests.Deliveries;

/// <summary>When an attest became recognised, as the dashboard's chart counts it: the same deliveries that make
/// <see cref="DeliveryFacts.StatusOf"/> say Recognised, and the latest of their answers.</summary>
public class RecognisedAtTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static DeliveryFact Fact(string destination, int version, MessageKind kind, DeliveryState state, int decidedAfterMinutes = -1) =>
        new(destination, version, kind, state) { DecidedAt = decidedAfterMinutes < 0 ? null : T0.AddMinutes(decidedAfterMinutes) };

    [Fact]
    public void TheLatestAnswerOfTheCurrentDeliveries()
    {
        DeliveryFact[] facts = [Fact("vdab", 1, MessageKind.Create, DeliveryState.Acknowledged, 10), Fact("dimona", 1, MessageKind.Create, DeliveryState.Acknowledged, 2)];

        Assert.Equal(T0.AddMinutes(10), DeliveryFacts.RecognisedAt(false, facts));
    }

    [Fact]
    public void APlannedRenewal_DoesNotKeepItFromBeingRecognised()
    {
        DeliveryFact[] facts = [Fact("vdab", 1, MessageKind.Create, DeliveryState.Acknowledged, 10), Fact("vdab", 1, MessageKind.Renew, DeliveryState.Pending)];

        Assert.Equal(AttestStatus.Recognised, DeliveryFacts.StatusOf(false, facts));
        Assert.Equal(T0.AddMinutes(10), DeliveryFacts.RecognisedAt(false, facts));
    }

    [Fact]
    public void AStoppedMessage_SaysNothing_TheOlderAnswerStands()
    {
        DeliveryFact[] facts = [Fact("rva", 1, MessageKind.Create, DeliveryState.Acknowledged, 20), Fact("rva", 2, MessageKind.Amend, DeliveryState.Stopped),
            Fact("vdab", 2, MessageKind.Amend, DeliveryState.Acknowledged, 5)];

        Assert.Equal(T0.AddMinutes(20), DeliveryFacts.RecognisedAt(false, facts));
    }

    [Theory]
    [InlineData(DeliveryState.Pending, false)]
    [InlineData(DeliveryState.Rejected, false)]
    [InlineData(DeliveryState.Acknowledged, true)]
    public void Null_UnlessRecognised_AndNeverWhenCancelled(DeliveryState second, bool cancelled)
    {
        DeliveryFact[] facts = [Fact("vdab", 1, MessageKind.Create, DeliveryState.Acknowledged, 10), Fact("rva", 1, MessageKind.Create, second, 11)];

        Assert.Null(DeliveryFacts.RecognisedAt(cancelled, facts));
    }

    [Fact]
    public void ARefusedRenewal_UndoesIt()
    {
        DeliveryFact[] facts = [Fact("vdab", 1, MessageKind.Create, DeliveryState.Acknowledged, 10), Fact("vdab", 1, MessageKind.Renew, DeliveryState.Rejected, 30)];

        Assert.Null(DeliveryFacts.RecognisedAt(false, facts));
    }
}
