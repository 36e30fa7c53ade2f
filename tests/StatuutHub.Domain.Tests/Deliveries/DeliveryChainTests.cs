using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Domain.Tests.Deliveries;

/// <summary>The chain rules over one attest's deliveries, every case the store used to decide in SQL.</summary>
public class DeliveryChainTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    private static ChainLink Link(long id, string destination, int version, DeliveryState state, MessageKind kind = MessageKind.Create, string? waitsOn = null, int dueInDays = 0) =>
        new(id, destination, version, kind, state, waitsOn, T0.AddDays(dueInDays));

    [Theory]
    [InlineData(DeliveryState.Acknowledged, DeliveryState.Pending, ChainReason.Released)]
    [InlineData(DeliveryState.Rejected, DeliveryState.Stopped, ChainReason.PrerequisiteRefused)]
    public void Settle_AWaitingMessage_FollowsTheAwaitedBodysDecision(DeliveryState awaited, DeliveryState to, ChainReason why)
    {
        var moves = DeliveryChain.Settle([Link(1, "vdab", 1, awaited), Link(2, "rva", 1, DeliveryState.Waiting, waitsOn: "vdab"), Link(3, "dimona", 1, DeliveryState.Acknowledged)]);

        Assert.Equal([new ChainMove(2, "rva", DeliveryState.Waiting, to, why)], moves);
    }

    [Theory]
    [InlineData(DeliveryState.Pending)]
    [InlineData(DeliveryState.Sent)]
    [InlineData(DeliveryState.Overdue)]
    [InlineData(DeliveryState.RetryScheduled)]
    [InlineData(DeliveryState.DeadLettered)]
    public void Settle_NothingWhileTheAwaitedBodyHasNotDecided(DeliveryState awaited) =>
        Assert.Empty(DeliveryChain.Settle([Link(1, "vdab", 1, awaited), Link(2, "rva", 1, DeliveryState.Waiting, waitsOn: "vdab")]));

    [Fact]
    public void Settle_TheNewestMessageToTheAwaitedBodyCounts_NotAStoppedOneNorARenewal()
    {
        // VDAB approved version 1, is asked again for version 2 (not decided); its stopped and renewal messages say nothing.
        ChainLink[] deliveries =
        [
            Link(1, "vdab", 1, DeliveryState.Acknowledged), Link(2, "vdab", 2, DeliveryState.Sent, MessageKind.Amend),
            Link(3, "vdab", 3, DeliveryState.Stopped, MessageKind.Amend), Link(4, "vdab", 2, DeliveryState.Acknowledged, MessageKind.Renew),
            Link(5, "rva", 2, DeliveryState.Waiting, MessageKind.Amend, waitsOn: "vdab"),
        ];

        Assert.Empty(DeliveryChain.Settle(deliveries));
    }

    [Fact]
    public void Settle_OnlyWaitingMessagesMove()
    {
        var moves = DeliveryChain.Settle([Link(1, "vdab", 1, DeliveryState.Acknowledged), Link(2, "rva", 1, DeliveryState.Pending, waitsOn: "vdab"), Link(3, "rva", 1, DeliveryState.Stopped, waitsOn: "vdab")]);

        Assert.Empty(moves);
    }

    [Fact]
    public void AfterNewVersion_StopsOlderWaitingMessages_NotTheNewVersions()
    {
        var moves = DeliveryChain.AfterNewVersion([Link(1, "rva", 1, DeliveryState.Waiting, waitsOn: "vdab"), Link(2, "rva", 2, DeliveryState.Waiting, MessageKind.Amend, waitsOn: "vdab")],
            version: 2, cancelled: false, activityEndsAt: null);

        Assert.Equal([new ChainMove(1, "rva", DeliveryState.Waiting, DeliveryState.Stopped, ChainReason.Superseded)], moves);
        Assert.Equal("SUPERSEDED", moves[0].ReasonCode);
    }

    [Theory]
    [InlineData(false, 100, false)] // asked before the end: still needed
    [InlineData(false, 400, true)] // asked after the new end
    [InlineData(true, 100, true)] // cancelled: never needed
    public void AfterNewVersion_WithdrawsRenewalsNoLongerNeeded(bool cancelled, int dueInDays, bool withdrawn)
    {
        var moves = DeliveryChain.AfterNewVersion([Link(7, "vdab", 1, DeliveryState.Pending, MessageKind.Renew, dueInDays: dueInDays)], 2, cancelled, T0.AddDays(365));

        Assert.Equal(withdrawn ? [new ChainMove(7, "vdab", DeliveryState.Pending, DeliveryState.Stopped, ChainReason.RenewalNotNeeded)] : [], moves);
    }

    [Fact]
    public void AfterNewVersion_AnOpenEnd_KeepsTheRenewal() =>
        Assert.Empty(DeliveryChain.AfterNewVersion([Link(7, "vdab", 1, DeliveryState.Pending, MessageKind.Renew, dueInDays: 4000)], 2, cancelled: false, activityEndsAt: null));

    [Fact]
    public void ReplacedRenewals_OnlyTheBodysPlannedOnes()
    {
        ChainLink[] deliveries =
        [
            Link(1, "vdab", 1, DeliveryState.Pending, MessageKind.Renew), Link(2, "vdab", 1, DeliveryState.Acknowledged, MessageKind.Renew),
            Link(3, "ocmw", 1, DeliveryState.Pending, MessageKind.Renew), Link(4, "vdab", 2, DeliveryState.Pending, MessageKind.Amend),
        ];

        Assert.Equal([new ChainMove(1, "vdab", DeliveryState.Pending, DeliveryState.Stopped, ChainReason.RenewalReplaced)], DeliveryChain.ReplacedRenewals(deliveries, "vdab"));
    }

    [Fact]
    public void HoldsBackLaterVersions_AMessageThatMayStillGo_ExceptARenewal()
    {
        var holding = Enum.GetValues<DeliveryState>().SelectMany(s => Enum.GetValues<MessageKind>().Select(k => (s, k)))
            .Where(p => DeliveryChain.HoldsBackLaterVersions(p.s, p.k)).ToArray();

        DeliveryState[] mayStillGo = [DeliveryState.Pending, DeliveryState.RetryScheduled, DeliveryState.DeadLettered];
        MessageKind[] versioned = [MessageKind.Create, MessageKind.Amend, MessageKind.End, MessageKind.Cancel];
        Assert.Equal(mayStillGo.SelectMany(s => versioned.Select(k => (s, k))).Order(), holding.Order());
    }

    [Fact]
    public void GrantsPermission_OnlyAnApprovedCreateOrAmendment()
    {
        var granting = Enum.GetValues<DeliveryState>().SelectMany(s => Enum.GetValues<MessageKind>().Select(k => (s, k)))
            .Where(p => DeliveryChain.GrantsPermission(p.s, p.k)).ToArray();

        Assert.Equal([(DeliveryState.Acknowledged, MessageKind.Create), (DeliveryState.Acknowledged, MessageKind.Amend)], granting);
    }
}
