using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>Renewals on every provider: an approval of a permission that expires while the activity runs plans a
/// Renew delivery for the day to ask again; it is not sent before that day, a newer approval replaces it, and a cancel
/// or an earlier end withdraws it.</summary>
public abstract partial class HubStoreContractTests
{
    // Approved on 2026-11-22 (T0): VDAB's permission lasts to 2027-11-21; asked again 30 days before, on 2027-10-23.
    private static readonly DateTimeOffset AskOn = new(2027, 10, 22, 22, 0, 0, TimeSpan.Zero); // 2027-10-23 00:00 in Brussels

    private async Task<Guid> ApprovedByVdabAsync(int person, DateOnly? end)
    {
        var attest = TestAttests.For(person, Benefits.Unemployment, end: end);
        await _store.SubmitAsync(attest, "a", T0, default);
        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        var vdab = claimed.Single(d => d.Destination == Destination.Vdab);
        await _store.CompleteAttemptAsync("p", Attempt(vdab, DeliveryState.Sent), default);
        await _store.CompleteAttemptAsync("p", Attempt(claimed.Single(d => d.Destination == Destination.Dimona), DeliveryState.Acknowledged), default);
        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Vdab, vdab.MessageId, true, null, null, "VDAB-1", T0), default);
        return attest.AttestId;
    }

    private async Task<DeliveryView[]> RenewalsAsync(Guid attestId) =>
        (await _store.GetAttestAsync(attestId, default))!.Deliveries.Where(d => d.Kind == MessageKind.Renew).ToArray();

    [Fact]
    public async Task Renewal_PlannedByTheApproval_GoesOnItsDay_AndItsApprovalPlansTheNext()
    {
        var attestId = await ApprovedByVdabAsync(800, new DateOnly(2028, 12, 31));

        var renewal = Assert.Single(await RenewalsAsync(attestId));
        Assert.Equal(("vdab", DeliveryState.Pending, AskOn), (renewal.Destination, renewal.State, renewal.DueAt));
        Assert.Contains((await _store.GetAttestAsync(attestId, default))!.History, h => h.Kind == "RenewalPlanned" && h.Detail.Contains("2027-11-21", StringComparison.Ordinal));
        Assert.Equal(AttestStatus.InProgress, (await _store.GetAttestAsync(attestId, default))!.Status); // the RVA has not answered yet

        Assert.DoesNotContain(await _store.ClaimDueDeliveriesAsync("p", AskOn.AddMinutes(-1), AskOn, 10, default), d => d.Kind == MessageKind.Renew);
        var due = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", AskOn, AskOn.AddMinutes(1), 10, default), d => d.Kind == MessageKind.Renew);
        await _store.CompleteAttemptAsync("p", Attempt(due, DeliveryState.Sent) with { StartedAt = AskOn }, default);
        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Vdab, due.MessageId, true, null, null, "VDAB-2", AskOn.AddDays(3)), default);

        var renewals = await RenewalsAsync(attestId);
        Assert.Equal([DeliveryState.Acknowledged, DeliveryState.Pending], renewals.Select(r => r.State));
        Assert.Equal(new DateTimeOffset(2028, 9, 25, 22, 0, 0, TimeSpan.Zero), renewals[1].DueAt); // approved 2027-10-26: asked 2028-09-26
    }

    [Fact]
    public async Task Renewal_ANewerApprovalReplacesThePlannedOne_AndTheChainsStayLinked()
    {
        var attestId = await ApprovedByVdabAsync(804, new DateOnly(2028, 12, 31));
        var content = (await _store.GetAttestAsync(attestId, default))!.Content;
        await _store.ChangeAsync(attestId, AttestChange.Amended, content with { Activity = content.Activity with { HoursPerWeek = 20 } }, "a", T0.AddDays(1), default);
        var amended = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddDays(1), T0.AddDays(2), 10, default), d => d.Destination == Destination.Vdab);
        await _store.CompleteAttemptAsync("p", Attempt(amended, DeliveryState.Sent) with { StartedAt = T0.AddDays(1) }, default);
        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Vdab, amended.MessageId, true, null, null, "VDAB-3", T0.AddDays(2)), default);

        var renewals = await RenewalsAsync(attestId);
        Assert.Equal([(DeliveryState.Stopped, "REPLACED"), (DeliveryState.Pending, null)], renewals.Select(r => (r.State, r.ReasonCode)));
        Assert.Contains((await _store.GetAttestAsync(attestId, default))!.History, h => h.Kind == "RenewalWithdrawn");
        var verified = await _store.VerifyAuditAsync(default);
        Assert.True(verified.Intact, verified.Reason);
    }

    [Fact]
    public async Task Renewal_NotPlanned_WhenThePermissionOutlastsTheActivity()
    {
        var attestId = await ApprovedByVdabAsync(801, new DateOnly(2027, 11, 21));
        Assert.Empty(await RenewalsAsync(attestId));
    }

    [Fact]
    public async Task Renewal_WithdrawnByACancel_AndByAnEndBeforeIt()
    {
        var cancelled = await ApprovedByVdabAsync(802, null);
        await _store.ChangeAsync(cancelled, AttestChange.Cancelled, null, "a", T0.AddDays(1), default);
        Assert.Equal((DeliveryState.Stopped, "NOT_NEEDED"), (await RenewalsAsync(cancelled)) is [var c] ? (c.State, c.ReasonCode) : default);

        var ended = await ApprovedByVdabAsync(803, null);
        var content = (await _store.GetAttestAsync(ended, default))!.Content;
        await _store.ChangeAsync(ended, AttestChange.EndedEarly, content with { Activity = content.Activity with { EndDate = new DateOnly(2027, 6, 30) } }, "a", T0.AddDays(1), default);
        Assert.Equal(DeliveryState.Stopped, Assert.Single(await RenewalsAsync(ended)).State);
        Assert.Equal(0, (await _store.CountDeliveriesAsync(default))[DeliveryState.Pending] - (await _store.ListDeliveriesAsync(new DeliveryQuery(State: DeliveryState.Pending, PageSize: 500), default)).Items.Count);
    }

    [Fact]
    public async Task Overview_RecognisedPerHour_CountsWhatStatusOfCallsRecognised()
    {
        // Recognised with a renewal planned; recognised after an amendment (a renewal replaced, the RVA's message stopped and asked again); one in progress.
        var withRenewal = await ApprovedByVdabAsync(830, new DateOnly(2028, 12, 31));
        await AcknowledgeReleasedAsync(T0.AddMinutes(5));
        var amended = await ApprovedByVdabAsync(831, new DateOnly(2028, 12, 31));
        var content = (await _store.GetAttestAsync(amended, default))!.Content;
        await _store.ChangeAsync(amended, AttestChange.Amended, content with { Activity = content.Activity with { HoursPerWeek = 20 } }, "a", T0.AddMinutes(10), default);
        var asked = await _store.ClaimDueDeliveriesAsync("p", T0.AddMinutes(10), T0.AddMinutes(11), 10, default);
        var vdab = Assert.Single(asked, d => d.Destination == Destination.Vdab);
        foreach (var d in asked)
        {
            await _store.CompleteAttemptAsync("p", Attempt(d, d == vdab ? DeliveryState.Sent : DeliveryState.Acknowledged) with { StartedAt = T0.AddMinutes(11) }, default);
        }

        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Vdab, vdab.MessageId, true, null, null, "VDAB-9", T0.AddMinutes(70)), default);
        await AcknowledgeReleasedAsync(T0.AddMinutes(75));
        var waiting = await ApprovedByVdabAsync(832, new DateOnly(2028, 12, 31));

        var views = new List<AttestView>();
        foreach (var id in new[] { withRenewal, amended, waiting })
        {
            views.Add((await _store.GetAttestAsync(id, default))!);
        }

        Assert.Equal([AttestStatus.Recognised, AttestStatus.Recognised, AttestStatus.InProgress], views.Select(v => v.Status));
        Assert.Contains(views[0].Deliveries, d => d.Kind == MessageKind.Renew && d.State == DeliveryState.Pending);
        Assert.Contains(views[1].Deliveries, d => d.State == DeliveryState.Stopped);

        var overview = await _store.GetOverviewAsync(T0.AddHours(3), default);
        Assert.Equal(views.Count(v => v.Status == AttestStatus.Recognised), overview.LastDay.Sum(h => h.Recognised));
        Assert.Equal([1, 1], overview.LastDay.Where(h => h.Recognised > 0).Select(h => h.Recognised));
    }

    /// <summary>Claims whatever the approvals released (the RVA's messages) and acknowledges it at <paramref name="at"/>.</summary>
    private async Task AcknowledgeReleasedAsync(DateTimeOffset at)
    {
        foreach (var released in await _store.ClaimDueDeliveriesAsync("p", at, at.AddMinutes(1), 10, default))
        {
            await _store.CompleteAttemptAsync("p", Attempt(released, DeliveryState.Acknowledged) with { StartedAt = at }, default);
        }
    }
}
