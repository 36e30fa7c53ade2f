using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>Chained deliveries on every provider: the RVA's message waits for VDAB's decision, goes with its
/// reference after an approval, never goes after a refusal, and is replaced by a newer version or a cancel.</summary>
public abstract partial class HubStoreContractTests
{
    private async Task<(Guid AttestId, ClaimedDelivery Vdab)> SubmitUnemployedAsync(int person)
    {
        var attest = TestAttests.For(person, Benefits.Unemployment);
        await _store.SubmitAsync(attest, "a", T0, default);
        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        Assert.DoesNotContain(claimed, d => d.Destination == Destination.Rva); // waiting: never claimed
        var vdab = claimed.Single(d => d.Destination == Destination.Vdab);
        await _store.CompleteAttemptAsync("p", Attempt(vdab, DeliveryState.Sent) with { AnswerDueAt = T0.AddDays(14) }, default);
        await _store.CompleteAttemptAsync("p", Attempt(claimed.Single(d => d.Destination == Destination.Dimona), DeliveryState.Acknowledged), default);
        return (attest.AttestId, vdab);
    }

    private async Task<DeliveryState> StateOfAsync(Guid attestId, string destination, int version = 1) =>
        (await _store.GetAttestAsync(attestId, default))!.Deliveries.Single(d => d.Destination == destination && d.Version == version).State;

    [Fact]
    public async Task Chain_VdabApproves_TheRvaGoes_CarryingVdabsReference()
    {
        var (attestId, vdab) = await SubmitUnemployedAsync(700);
        Assert.Empty(await _store.ClaimDueDeliveriesAsync("p", T0.AddMinutes(2), T0.AddMinutes(3), 10, default));

        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Vdab, vdab.MessageId, true, null, null, "VDAB-AMA-42", T0.AddHours(1)), default);

        var rva = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddHours(1), T0.AddHours(2), 10, default));
        Assert.Equal((Destination.Rva, "VDAB-AMA-42"), (rva.Destination, rva.AwaitedReference));
        Assert.Contains((await _store.GetAttestAsync(attestId, default))!.History, h => h.Kind == "DeliveryReleased" && h.Destination == "rva");
        var verified = await _store.VerifyAuditAsync(default);
        Assert.True(verified.Intact, verified.Reason);
    }

    [Fact]
    public async Task Chain_VdabApprovesAtOnce_InTheAttemptsAnswer_ReleasesTheRvaToo()
    {
        var attest = TestAttests.For(701, Benefits.Unemployment);
        await _store.SubmitAsync(attest, "a", T0, default);
        var vdab = (await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default)).Single(d => d.Destination == Destination.Vdab);
        await _store.CompleteAttemptAsync("p", Attempt(vdab, DeliveryState.Acknowledged) with { Reference = "VDAB-SYNC-1" }, default);

        Assert.Equal(DeliveryState.Pending, await StateOfAsync(attest.AttestId, "rva"));
        var rva = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddMinutes(1), T0.AddMinutes(2), 10, default));
        Assert.Equal("VDAB-SYNC-1", rva.AwaitedReference);
    }

    [Fact]
    public async Task Chain_VdabRefuses_TheRvaIsNeverSent_AndTheAttestIsRefused()
    {
        var (attestId, vdab) = await SubmitUnemployedAsync(702);

        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Vdab, vdab.MessageId, false, "NIET_TOELEIDBAAR", "toeleidbaar naar werk", null, T0.AddHours(1)), default);

        var view = (await _store.GetAttestAsync(attestId, default))!;
        var rva = view.Deliveries.Single(d => d.Destination == "rva");
        Assert.Equal((DeliveryState.Stopped, "PREREQUISITE_REFUSED"), (rva.State, rva.ReasonCode));
        Assert.Equal(AttestStatus.Refused, view.Status);
        Assert.Empty(await _store.ClaimDueDeliveriesAsync("p", T0.AddDays(1), T0.AddDays(2), 10, default));
        Assert.Equal(1, (await _store.CountDeliveriesAsync(default))[DeliveryState.Stopped]);
    }

    [Fact]
    public async Task Chain_AnAmendmentWhileWaiting_ReplacesTheWaitingMessage_WithTheNewVersions()
    {
        var (attestId, vdab) = await SubmitUnemployedAsync(703);
        var current = (await _store.GetAttestAsync(attestId, default))!.Content;
        await _store.ChangeAsync(attestId, AttestChange.Amended, current with { Activity = current.Activity with { HoursPerWeek = 20 } }, "a", T0.AddMinutes(5), default);

        Assert.Equal(DeliveryState.Stopped, await StateOfAsync(attestId, "rva", 1));
        Assert.Equal(DeliveryState.Waiting, await StateOfAsync(attestId, "rva", 2));

        // VDAB approves the first version, then the amendment: only then does the RVA get version 2, once.
        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Vdab, vdab.MessageId, true, null, null, "VDAB-1", T0.AddHours(1)), default);
        var vdabAmend = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddHours(1), T0.AddHours(2), 10, default), d => d.Destination == Destination.Vdab);
        Assert.Equal(DeliveryState.Waiting, await StateOfAsync(attestId, "rva", 2));
        await _store.CompleteAttemptAsync("p", Attempt(vdabAmend, DeliveryState.Acknowledged) with { Reference = "VDAB-2" }, default);

        var rva = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddHours(2), T0.AddHours(3), 10, default), d => d.Destination == Destination.Rva);
        Assert.Equal((2, MessageKind.Create, "VDAB-2"), (rva.Version, rva.Kind, rva.AwaitedReference));
    }

    [Fact]
    public async Task Chain_ACancelWhileWaiting_StopsTheWaitingMessage_AndTheRvaGetsNoCancel()
    {
        var (attestId, _) = await SubmitUnemployedAsync(704);

        await _store.ChangeAsync(attestId, AttestChange.Cancelled, null, "a", T0.AddMinutes(5), default);

        var view = (await _store.GetAttestAsync(attestId, default))!;
        Assert.Equal(DeliveryState.Stopped, view.Deliveries.Single(d => d.Destination == "rva").State);
        Assert.Equal([("dimona", MessageKind.Cancel), ("vdab", MessageKind.Cancel)], view.Deliveries.Where(d => d.Version == 2).Select(d => (d.Destination, d.Kind)).Order());
        Assert.Equal(AttestStatus.Cancelled, view.Status);
    }

    [Fact]
    public async Task Chain_AfterApproval_AnAmendmentWaitsForVdabAgain_AnEndDoesNot()
    {
        var (attestId, vdab) = await SubmitUnemployedAsync(705);
        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Vdab, vdab.MessageId, true, null, null, "VDAB-1", T0.AddHours(1)), default);
        var rva = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddHours(1), T0.AddHours(2), 10, default));
        await _store.CompleteAttemptAsync("p", Attempt(rva, DeliveryState.Acknowledged), default);

        // An amendment asks VDAB again, and the RVA's amendment follows VDAB's answer; an end needs nobody's permission.
        var current = (await _store.GetAttestAsync(attestId, default))!.Content;
        await _store.ChangeAsync(attestId, AttestChange.Amended, current with { Activity = current.Activity with { HoursPerWeek = 20 } }, "a", T0.AddHours(3), default);
        await _store.ChangeAsync(attestId, AttestChange.EndedEarly, current with { Activity = current.Activity with { HoursPerWeek = 20, EndDate = current.Activity.StartDate.AddMonths(3) } }, "a", T0.AddHours(4), default);

        var rvaMessages = (await _store.GetAttestAsync(attestId, default))!.Deliveries.Where(d => d.Destination == "rva").Select(d => (d.Version, d.Kind, d.State));
        Assert.Equal([(1, MessageKind.Create, DeliveryState.Acknowledged), (2, MessageKind.Amend, DeliveryState.Stopped), (3, MessageKind.End, DeliveryState.Pending)], rvaMessages);
    }
}
