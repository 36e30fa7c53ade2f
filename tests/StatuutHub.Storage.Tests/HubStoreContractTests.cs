using StatuutHub.Application.Support;
using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Postgres;
using StatuutHub.Storage.Sqlite;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Storage.Tests;

/// <summary>The store contract, run against every provider: the same behaviour on SQLite and PostgreSQL.</summary>
public abstract partial class HubStoreContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private IHubStore _store = null!;

    protected abstract Task<IHubStore> CreateStoreAsync();

    /// <summary>Runs SQL straight against the database, as someone with database access could.</summary>
    protected abstract Task TamperAsync(string sql);

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync();
        await _store.MigrateAsync(default);
    }

    public virtual Task DisposeAsync() => _store is IAsyncDisposable d ? d.DisposeAsync().AsTask() : Task.CompletedTask;

    [Fact]
    public async Task Migrate_Twice_IsHarmless()
    {
        await _store.MigrateAsync(default);
        Assert.True(await _store.IsReadyAsync(default));
    }

    [Fact]
    public async Task Submit_WritesAttestDeliveriesAndAuditTogether()
    {
        var attest = TestAttests.For(1, Benefits.Unemployment | Benefits.SocialIntegration);
        var result = await _store.SubmitAsync(attest, "initiative:test", T0, default);

        Assert.Equal(WriteOutcome.Accepted, result.Outcome);
        var view = (await _store.GetAttestAsync(attest.AttestId, default))!;
        Assert.Equal(attest, view.Content);
        Assert.Equal(["vdab", "rva", "ocmw-44021", "dimona"], view.Deliveries.Select(d => d.Destination));
        // The RVA waits for VDAB's permission; the others may go.
        Assert.Equal([DeliveryState.Pending, DeliveryState.Waiting, DeliveryState.Pending, DeliveryState.Pending], view.Deliveries.Select(d => d.State));
        Assert.Equal(4, view.Deliveries.Select(d => d.MessageId).Distinct().Count());
        Assert.Contains(view.History, h => h.Kind == "AttestSubmitted" && h.Actor == "initiative:test");
    }

    [Fact]
    public async Task Warnings_AreKeptWithTheirVersion_AndTheViewShowsTheCurrentVersions()
    {
        var attest = TestAttests.For(20);
        AttestWarning[] late = [new("activity.startDate", "LATE_START_DIMONA", "Dimona: laattijdig.", "Dimona: late.")];
        await _store.SubmitAsync(AttestChanges.Submission(attest, StoreSteps.Routing, "a", T0, late, StoreSteps.Admit), default);
        Assert.Equal(late, (await _store.GetAttestAsync(attest.AttestId, default))!.Warnings);

        var amended = attest with { Activity = attest.Activity with { HoursPerWeek = 20 } };
        await _store.ChangeAsync(attest.AttestId, current => AttestChanges.Decide(current, AttestChange.Amended, amended, StoreSteps.Routing, "a", T0, [], StoreSteps.Admit), default);
        Assert.Empty((await _store.GetAttestAsync(attest.AttestId, default))!.Warnings);
    }

    [Fact]
    public async Task Submit_SameContentAgain_AnswersTheSame_WithoutNewDeliveries()
    {
        var attest = TestAttests.For(2);
        await _store.SubmitAsync(attest, "a", T0, default);
        var again = await _store.SubmitAsync(attest with { Activity = attest.Activity with { ExpenseAllowancePerDay = 4.50m } }, "a", T0.AddMinutes(1), default);

        Assert.Equal(WriteOutcome.AlreadyAccepted, again.Outcome);
        Assert.Equal(1, again.Version);
        Assert.Equal(3, (await _store.GetAttestAsync(attest.AttestId, default))!.Deliveries.Count);
    }

    [Fact]
    public async Task Submit_SameIdOtherContent_IsConflict()
    {
        var attest = TestAttests.For(3);
        await _store.SubmitAsync(attest, "a", T0, default);
        var other = await _store.SubmitAsync(attest with { Activity = attest.Activity with { HoursPerWeek = 12 } }, "a", T0, default);
        Assert.Equal((WriteOutcome.Conflict, "ATTEST_ID_REUSED"), (other.Outcome, other.Conflict));
    }

    [Fact]
    public async Task Submit_OverlappingActiveAttestForSameInsz_IsConflictNamingTheOther()
    {
        var first = TestAttests.For(4);
        await _store.SubmitAsync(first, "a", T0, default);
        var overlapping = TestAttests.For(4, start: new DateOnly(2027, 12, 31), end: new DateOnly(2028, 3, 31));
        var result = await _store.SubmitAsync(overlapping, "b", T0, default);
        Assert.Equal((WriteOutcome.Conflict, "OVERLAPPING_ATTEST", first.AttestId), (result.Outcome, result.Conflict, result.ConflictingAttestId));

        var after = TestAttests.For(4, start: new DateOnly(2028, 1, 1), end: new DateOnly(2028, 3, 31));
        Assert.Equal(WriteOutcome.Accepted, (await _store.SubmitAsync(after, "b", T0, default)).Outcome);
    }

    [Fact]
    public async Task Submit_ThePersonsOtherAttests_AreJudgedByTheConcurrencyRule_InsideTheTransaction()
    {
        var wse = TestAttests.For(21) with { Kind = AttestKind.AmaWse };
        await _store.SubmitAsync(wse, "a", T0, default);
        var wvg = TestAttests.For(21) with { Kind = AttestKind.AmaWvg, Activity = wse.Activity with { Workplace = "Moestuin" } };
        var refused = await _store.SubmitAsync(wvg, "b", T0, default);
        Assert.Equal((WriteOutcome.Conflict, "WVG_WSE_OVERLAP", wse.AttestId), (refused.Outcome, refused.Conflict, refused.ConflictingAttestId));

        await _store.ChangeAsync(wse.AttestId, AttestChange.Cancelled, null, "a", T0, default);
        var wvgElsewhere = TestAttests.For(21) with { Kind = AttestKind.AmaWvg, Activity = wse.Activity with { Workplace = "Keuken", HoursPerWeek = 20 } };
        Assert.Equal(WriteOutcome.Accepted, (await _store.SubmitAsync(wvg, "b", T0, default)).Outcome);
        Assert.Equal(WriteOutcome.Accepted, (await _store.SubmitAsync(wvgElsewhere, "b", T0, default)).Outcome);
        var tooMany = wvgElsewhere with { Activity = wvgElsewhere.Activity with { HoursPerWeek = 23 } };
        var amended = await _store.ChangeAsync(wvgElsewhere.AttestId, AttestChange.Amended, tooMany, "b", T0, default);
        Assert.Equal((WriteOutcome.Conflict, "HOURS_OVER_CAP_TOGETHER", wvg.AttestId), (amended.Outcome, amended.Conflict, amended.ConflictingAttestId));
    }

    [Fact]
    public async Task AnOpenEndedAttest_IsStoredAsSuch_AndOverlapsEveryLaterPeriod()
    {
        var open = TestAttests.For(22) with { Kind = AttestKind.AmaWse }; // two AMA WSE attests never run together
        open = open with { Activity = open.Activity with { EndDate = null } };
        Assert.Equal(WriteOutcome.Accepted, (await _store.SubmitAsync(open, "a", T0, default)).Outcome);
        Assert.Null((await _store.GetAttestAsync(open.AttestId, default))!.Content.Activity.EndDate);
        Assert.Null(Assert.Single(await _store.SearchAttestsAsync(open.AttestId, null, null, default)).End);

        var years = TestAttests.For(22, start: new DateOnly(2031, 1, 6), end: new DateOnly(2031, 6, 30));
        var later = await _store.SubmitAsync(years with { Kind = AttestKind.AmaWse, Activity = years.Activity with { Workplace = "Elders" } }, "b", T0, default);
        Assert.Equal((WriteOutcome.Conflict, "OVERLAPPING_ATTEST", open.AttestId), (later.Outcome, later.Conflict, later.ConflictingAttestId));
    }

    [Fact]
    public async Task Submit_AfterCancel_SamePeriodIsFree()
    {
        var first = TestAttests.For(5);
        await _store.SubmitAsync(first, "a", T0, default);
        await _store.ChangeAsync(first.AttestId, AttestChange.Cancelled, null, "a", T0, default);
        Assert.Equal(WriteOutcome.Accepted, (await _store.SubmitAsync(TestAttests.For(5), "a", T0, default)).Outcome);
    }

    [Fact]
    public async Task Claim_GivesDueDeliveriesOnce_UntilTheLeaseExpires()
    {
        await _store.SubmitAsync(TestAttests.For(6), "a", T0, default);
        var first = await _store.ClaimDueDeliveriesAsync("p1", T0, T0.AddMinutes(1), 10, default);
        var second = await _store.ClaimDueDeliveriesAsync("p2", T0.AddSeconds(30), T0.AddMinutes(2), 10, default);
        var afterExpiry = await _store.ClaimDueDeliveriesAsync("p2", T0.AddMinutes(2), T0.AddMinutes(3), 10, default);

        Assert.Equal(2, first.Count);
        Assert.Empty(second);
        Assert.Equal(first.Select(d => d.DeliveryId).Order(), afterExpiry.Select(d => d.DeliveryId).Order());
    }

    [Fact]
    public async Task Claim_LaterVersionWaitsUntilEarlierVersionIsSent()
    {
        var attest = TestAttests.For(7);
        await _store.SubmitAsync(attest, "a", T0, default);
        await _store.ChangeAsync(attest.AttestId, AttestChange.Cancelled, null, "a", T0, default);

        var round1 = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        Assert.All(round1, d => Assert.Equal(1, d.Version));
        foreach (var d in round1)
        {
            Assert.Equal(AttemptCompletion.Applied, await _store.CompleteAttemptAsync("p", Attempt(d, DeliveryState.Sent), default));
        }

        var round2 = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        Assert.Equal(2, round2.Count);
        Assert.All(round2, d => Assert.Equal((2, MessageKind.Cancel), (d.Version, d.Kind)));
    }

    [Fact]
    public async Task Claim_DeadLetteredCreate_BlocksItsCancel()
    {
        var attest = TestAttests.For(8, Benefits.None);
        await _store.SubmitAsync(attest, "a", T0, default);
        await _store.ChangeAsync(attest.AttestId, AttestChange.Cancelled, null, "a", T0, default);
        var create = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default));
        await _store.CompleteAttemptAsync("p", Attempt(create, DeliveryState.DeadLettered), default);

        Assert.Empty(await _store.ClaimDueDeliveriesAsync("p", T0.AddDays(1), T0.AddDays(2), 10, default));
    }

    [Fact]
    public async Task CompleteAttempt_ByAnotherOwnerOrFromWrongState_ChangesNothing()
    {
        await _store.SubmitAsync(TestAttests.For(9, Benefits.None), "a", T0, default);
        var d = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default));
        Assert.Equal(AttemptCompletion.Superseded, await _store.CompleteAttemptAsync("intruder", Attempt(d, DeliveryState.Acknowledged), default));
        Assert.Equal(AttemptCompletion.Superseded, await _store.CompleteAttemptAsync("p", Attempt(d, DeliveryState.Acknowledged) with { From = DeliveryState.RetryScheduled }, default));
        Assert.Equal(AttemptCompletion.Applied, await _store.CompleteAttemptAsync("p", Attempt(d, DeliveryState.Acknowledged), default));
    }

    [Fact]
    public async Task RetryScheduled_IsNotDueBeforeItsTime()
    {
        await _store.SubmitAsync(TestAttests.For(10, Benefits.None), "a", T0, default);
        var d = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default));
        await _store.CompleteAttemptAsync("p", Attempt(d, DeliveryState.RetryScheduled) with { NextDueAt = T0.AddMinutes(5) }, default);

        Assert.Empty(await _store.ClaimDueDeliveriesAsync("p", T0.AddMinutes(4), T0.AddMinutes(6), 10, default));
        Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddMinutes(5), T0.AddMinutes(6), 10, default));
    }

    [Fact]
    public async Task Acks_AppliedOnce_ThenDuplicate_UnknownAndWrongAgencyReported()
    {
        var attest = TestAttests.For(11);
        await _store.SubmitAsync(attest, "a", T0, default);
        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        var vdab = claimed.Single(d => d.Destination == Destination.Vdab);
        await _store.CompleteAttemptAsync("p", Attempt(vdab, DeliveryState.Sent) with { AnswerDueAt = T0.AddDays(14) }, default);

        var approve = new AgencyAck(DestinationKind.Vdab, vdab.MessageId, true, null, null, "R1", T0.AddHours(1));
        Assert.Equal(AckOutcome.Applied, await _store.ApplyAckAsync(approve, default));
        Assert.Equal(AckOutcome.Duplicate, await _store.ApplyAckAsync(approve, default));
        Assert.Equal(AckOutcome.Conflict, await _store.ApplyAckAsync(approve with { Approved = false }, default));
        Assert.Equal(AckOutcome.UnknownMessage, await _store.ApplyAckAsync(approve with { MessageId = Guid.NewGuid() }, default));
        Assert.Equal(AckOutcome.WrongAgency, await _store.ApplyAckAsync(approve with { Agency = DestinationKind.Ocmw }, default));
    }

    [Fact]
    public async Task Status_RecognisedWhenAllAcknowledged_RefusedWhenOneRefuses()
    {
        var attest = TestAttests.For(12);
        await _store.SubmitAsync(attest, "a", T0, default);
        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        foreach (var d in claimed)
        {
            await _store.CompleteAttemptAsync("p", Attempt(d, DeliveryState.Sent), default);
        }

        var dimona = claimed.Single(d => d.Destination == Destination.Dimona);
        var vdab = claimed.Single(d => d.Destination == Destination.Vdab);
        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Dimona, dimona.MessageId, true, null, null, null, T0), default);
        Assert.Equal(AttestStatus.InProgress, (await _store.GetAttestAsync(attest.AttestId, default))!.Status);
        await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Vdab, vdab.MessageId, false, "ART48", "te veel uren", null, T0), default);
        Assert.Equal(AttestStatus.Refused, (await _store.GetAttestAsync(attest.AttestId, default))!.Status);
    }

    [Fact]
    public async Task MarkOverdue_OnlySentPastTheirAnswerTime()
    {
        await _store.SubmitAsync(TestAttests.For(13), "a", T0, default);
        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        foreach (var d in claimed)
        {
            await _store.CompleteAttemptAsync("p", Attempt(d, DeliveryState.Sent) with { AnswerDueAt = T0.AddDays(d.Destination == Destination.Vdab ? 14 : 1) }, default);
        }

        Assert.Equal(1, await _store.MarkOverdueAsync(T0.AddDays(2), default));
        Assert.Equal(1, await _store.MarkOverdueAsync(T0.AddDays(15), default));
        Assert.Equal(0, await _store.MarkOverdueAsync(T0.AddDays(16), default));
        Assert.Equal(2, (await _store.CountDeliveriesAsync(default))[DeliveryState.Overdue]);
    }

    [Fact]
    public async Task Amend_SendsAmendToInformedDestinations_AndIsIdempotent()
    {
        var attest = TestAttests.For(14);
        await _store.SubmitAsync(attest, "a", T0, default);
        var amended = attest with { Activity = attest.Activity with { HoursPerWeek = 20 } };
        var first = await _store.ChangeAsync(attest.AttestId, AttestChange.Amended, amended, "a", T0, default);
        var again = await _store.ChangeAsync(attest.AttestId, AttestChange.Amended, amended, "a", T0, default);

        Assert.Equal((WriteOutcome.Accepted, 2), (first.Outcome, first.Version));
        Assert.Equal((WriteOutcome.AlreadyAccepted, 2), (again.Outcome, again.Version));
        var view = (await _store.GetAttestAsync(attest.AttestId, default))!;
        Assert.Equal(20, view.Content.Activity.HoursPerWeek);
        Assert.Equal(2, view.Deliveries.Count(d => d.Version == 2 && d.Kind == MessageKind.Amend));
    }

    [Fact]
    public async Task Change_UnknownAttest_IsNotFound_CancelledAttest_RefusesAmend()
    {
        Assert.Equal(WriteOutcome.NotFound, (await _store.ChangeAsync(Guid.NewGuid(), AttestChange.Cancelled, null, "a", T0, default)).Outcome);
        var attest = TestAttests.For(15);
        await _store.SubmitAsync(attest, "a", T0, default);
        await _store.ChangeAsync(attest.AttestId, AttestChange.Cancelled, null, "a", T0, default);
        Assert.Equal(WriteOutcome.AlreadyAccepted, (await _store.ChangeAsync(attest.AttestId, AttestChange.Cancelled, null, "a", T0, default)).Outcome);
        var amend = await _store.ChangeAsync(attest.AttestId, AttestChange.Amended, attest with { Activity = attest.Activity with { HoursPerWeek = 3 } }, "a", T0, default);
        Assert.Equal((WriteOutcome.Conflict, "ATTEST_CANCELLED"), (amend.Outcome, amend.Conflict));
        Assert.Equal(AttestStatus.Cancelled, (await _store.GetAttestAsync(attest.AttestId, default))!.Status);
    }

    [Fact]
    public async Task ListDeliveries_FiltersAndPagesNewestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            await _store.SubmitAsync(TestAttests.For(200 + i, Benefits.Incapacity), "a", T0, default);
        }

        var first = await _store.ListDeliveriesAsync(new DeliveryQuery(Destination: "mutualiteit", PageSize: 2), default);
        var second = await _store.ListDeliveriesAsync(new DeliveryQuery(Destination: "mutualiteit", PageSize: 2, Before: first.NextBefore), default);
        var third = await _store.ListDeliveriesAsync(new DeliveryQuery(Destination: "mutualiteit", PageSize: 2, Before: second.NextBefore), default);

        var ids = first.Items.Concat(second.Items).Concat(third.Items).Select(d => d.DeliveryId).ToArray();
        Assert.Equal(5, ids.Length);
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Null(third.NextBefore);
        Assert.All(first.Items, d => Assert.Equal("mutualiteit-100", d.Destination));
        Assert.Equal(10, (await _store.ListDeliveriesAsync(new DeliveryQuery(State: DeliveryState.Pending, InitiativeKbo: "0123456749", PageSize: 100), default)).Items.Count);
        Assert.Empty((await _store.ListDeliveriesAsync(new DeliveryQuery(InitiativeKbo: "0417497106"), default)).Items);
    }

    [Fact]
    public async Task FailureGroups_AndRequeue_RetryKeepsAttempts_ReplayGivesAFreshBudget()
    {
        for (var i = 0; i < 3; i++)
        {
            await _store.SubmitAsync(TestAttests.For(300 + i, Benefits.None), "a", T0, default);
        }

        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        await _store.CompleteAttemptAsync("p", Attempt(claimed[0], DeliveryState.DeadLettered) with { Error = "agency answered 400 Bad Request: nope" }, default);
        await _store.CompleteAttemptAsync("p", Attempt(claimed[1], DeliveryState.DeadLettered) with { Error = "agency answered 400 Bad Request: nope", StartedAt = T0.AddMinutes(2) }, default);
        await _store.CompleteAttemptAsync("p", Attempt(claimed[2], DeliveryState.RetryScheduled) with { Error = "agency answered 503", NextDueAt = T0.AddHours(1) }, default);

        var groups = await _store.GetFailureGroupsAsync(default);
        var dead = Assert.Single(groups, g => g.State == DeliveryState.DeadLettered);
        Assert.Equal(("dimona", 2), (dead.Destination, dead.Count));
        Assert.Equal((T0.AddMilliseconds(5), T0.AddMinutes(2).AddMilliseconds(5)), (dead.FirstSeen, dead.LastSeen)); // when the first and the last failed

        var result = await _store.RequeueAsync([.. dead.DeliveryIds, claimed[2].DeliveryId, 999_999], "support:jan", T0.AddMinutes(5), default);
        Assert.Equal(new MoveResult(3, 1), result);
        var again = await _store.ClaimDueDeliveriesAsync("p", T0.AddMinutes(5), T0.AddMinutes(6), 10, default);
        Assert.Equal([0, 0, 1], again.Select(d => d.Attempts).Order());
        var view = (await _store.GetAttestAsync(claimed[0].AttestId, default))!;
        Assert.Contains(view.History, h => h.Kind == "DeliveryReplayed" && h.Actor == "support:jan");
    }

    [Fact]
    public async Task Search_ByIdInszOrKbo_ShowsTheInszMasked()
    {
        var attest = TestAttests.For(400);
        await _store.SubmitAsync(attest, "a", T0, default);

        var byInsz = Assert.Single(await _store.SearchAttestsAsync(null, attest.Participant.Insz.Value, null, default));
        Assert.Equal(attest.AttestId, byInsz.AttestId);
        Assert.Equal(attest.Participant.Insz.Masked, byInsz.InszMasked);
        Assert.Single(await _store.SearchAttestsAsync(attest.AttestId, null, null, default));
        Assert.Single(await _store.SearchAttestsAsync(null, null, "0123456749", default));
        Assert.Empty(await _store.SearchAttestsAsync(null, "85073003328", null, default));
    }

    [Fact]
    public async Task Overview_CountsStatesDestinationsOldestPendingAndRecognitionsPerHour()
    {
        var recognised = TestAttests.For(500, Benefits.None);
        await _store.SubmitAsync(recognised, "a", T0, default);
        await _store.SubmitAsync(TestAttests.For(501, Benefits.Unemployment), "a", T0.AddMinutes(10), default);
        var dimona = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default));
        await _store.CompleteAttemptAsync("p", Attempt(dimona, DeliveryState.Acknowledged) with { StartedAt = T0.AddMinutes(1) }, default);

        var overview = await _store.GetOverviewAsync(T0.AddMinutes(30), default);

        Assert.Equal((1, 2), (overview.ByState[DeliveryState.Acknowledged], overview.ByState[DeliveryState.Pending]));
        Assert.Contains(new DestinationCount("vdab", DeliveryState.Pending, 1), overview.ByDestination);
        Assert.Contains(new DestinationCount("rva", DeliveryState.Waiting, 1), overview.ByDestination);
        Assert.Equal(TimeSpan.FromMinutes(20), overview.OldestPendingAge);
        Assert.Equal(24, overview.LastDay.Count);
        Assert.Equal(2, overview.LastDay.Sum(h => h.Submitted));
        var hour = Assert.Single(overview.LastDay, h => h.Recognised > 0);
        Assert.Equal(1, hour.Recognised);

        // The gauges' and the alerts' summary is the overview without its hour buckets.
        var queue = await _store.GetQueueAsync(T0.AddMinutes(30), default);
        Assert.Equal(overview.ByState, queue.ByState);
        Assert.Equal(overview.ByDestination, queue.ByDestination);
        Assert.Equal(overview.OldestPendingAge, queue.OldestPendingAge);
    }

    [Fact]
    public async Task Counts_StayEqualToTheRows_ThroughEveryKindOfChange()
    {
        for (var i = 0; i < 4; i++)
        {
            await _store.SubmitAsync(TestAttests.For(600 + i, Benefits.Unemployment | Benefits.Incapacity), "a", T0, default);
        }

        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 100, default);
        var targets = new[] { DeliveryState.Sent, DeliveryState.Acknowledged, DeliveryState.RetryScheduled, DeliveryState.DeadLettered, DeliveryState.Rejected };
        for (var i = 0; i < claimed.Count; i++)
        {
            await _store.CompleteAttemptAsync("p", Attempt(claimed[i], targets[i % targets.Length]) with { AnswerDueAt = T0.AddDays(1) }, default);
        }

        await _store.MarkOverdueAsync(T0.AddDays(2), default);
        await _store.RequeueAsync(claimed.Select(d => d.DeliveryId).ToArray(), "support", T0.AddDays(2), default);
        await _store.ChangeAsync(claimed[0].AttestId, AttestChange.Cancelled, null, "a", T0.AddDays(2), default);

        var rows = (await _store.ListDeliveriesAsync(new DeliveryQuery(PageSize: 500), default)).Items;
        var counted = await _store.CountDeliveriesAsync(default);
        Assert.All(Enum.GetValues<DeliveryState>(), state => Assert.Equal(rows.Count(r => r.State == state), counted[state]));
        var overview = await _store.GetOverviewAsync(T0.AddDays(2), default);
        Assert.All(overview.ByDestination, d => Assert.Equal(rows.Count(r => r.Destination == d.Destination && r.State == d.State), d.Count));
    }

    [Fact]
    public async Task AuditChain_IsIntact_AndAChangedRowIsFoundAtItsSequence()
    {
        var attest = TestAttests.For(700);
        await _store.SubmitAsync(attest, "a", T0, default);
        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        foreach (var d in claimed)
        {
            await _store.CompleteAttemptAsync("p", Attempt(d, DeliveryState.Sent), default);
        }

        var intact = await _store.VerifyAuditAsync(default);
        Assert.True(intact.Intact, intact.Reason);
        Assert.Equal(3, intact.Events);

        var second = (await _store.GetAttestAsync(attest.AttestId, default))!.History[1].Sequence;
        await TamperAsync($"UPDATE audit_events SET detail = 'niets gebeurd' WHERE seq = {second}");
        var broken = await _store.VerifyAuditAsync(default);
        Assert.Equal(second, broken.FirstBrokenSequence);
    }

    [Fact]
    public async Task AuditChain_ARemovedRowBreaksTheNextLink()
    {
        var attest = TestAttests.For(701);
        await _store.SubmitAsync(attest, "a", T0, default);
        await _store.ChangeAsync(attest.AttestId, AttestChange.Cancelled, null, "a", T0, default);
        var history = (await _store.GetAttestAsync(attest.AttestId, default))!.History;

        await TamperAsync($"DELETE FROM audit_events WHERE seq = {history[0].Sequence}");
        Assert.Equal(history[1].Sequence, (await _store.VerifyAuditAsync(default)).FirstBrokenSequence);
    }

    private static AttemptRecord Attempt(ClaimedDelivery d, DeliveryState to) =>
        new(d.DeliveryId, d.State, to, d.Attempts + 1, T0, TimeSpan.FromMilliseconds(5), "test", null, null, null, null, null);
}

public sealed class SqliteHubStoreTests : HubStoreContractTests
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "statuut-store-" + Guid.NewGuid().ToString("N"));

    protected override Task<IHubStore> CreateStoreAsync() => Task.FromResult<IHubStore>(new SqliteHubStore(Path.Combine(_dir, "statuut.db"), TestPersonalData.Protector()));

    protected override IHubStore Reopen(StatuutHub.Storage.Protection.PersonalDataProtector protector) => new SqliteHubStore(Path.Combine(_dir, "statuut.db"), protector);

    /// <summary>The database file and its write-ahead log, byte for byte (Latin-1 keeps every byte one character).</summary>
    protected override async Task<string> DumpAsync()
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.EnumerateFiles(_dir, "statuut.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            text.Append(System.Text.Encoding.Latin1.GetString(copy.ToArray()));
        }

        return text.ToString();
    }

    protected override async Task TamperAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dir, "statuut.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

[Collection(PostgresGroup.Name)]
public sealed class PostgresHubStoreTests(PostgresFixture postgres) : HubStoreContractTests
{
    private string _connection = string.Empty;

    protected override async Task<IHubStore> CreateStoreAsync() => new PostgresHubStore(_connection = await postgres.Cluster.CreateDatabaseAsync(), TestPersonalData.Protector());

    protected override IHubStore Reopen(StatuutHub.Storage.Protection.PersonalDataProtector protector) => new PostgresHubStore(_connection, protector);

    /// <summary>Every row of every table of the hub, as text.</summary>
    protected override async Task<string> DumpAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_connection);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new System.Text.StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = new Npgsql.NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                text.AppendLine(reader.GetString(0));
            }
        }

        return text.ToString();
    }

    protected override async Task TamperAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary><paramref name="count"/> hub processes on one new database.</summary>
    private async Task<HubProcesses> ProcessesAsync(int count)
    {
        var connection = await postgres.Cluster.CreateDatabaseAsync();
        var processes = new HubProcesses(connection, Enumerable.Range(0, count).Select(_ => new PostgresHubStore(connection, TestPersonalData.Protector())).ToArray());
        await processes.Stores[0].MigrateAsync(default);
        return processes;
    }

    [Fact]
    public async Task ConcurrentClaims_FromManyProcesses_NeverHandOutTheSameDelivery()
    {
        await using var processes = await ProcessesAsync(4);
        var stores = processes.Stores;
        for (var i = 0; i < 40; i++)
        {
            await stores[0].SubmitAsync(TestAttests.For(100 + i, Benefits.Unemployment | Benefits.Incapacity), "a", T0, default);
        }

        var claims = await Task.WhenAll(stores.Select((store, i) => Task.Run(async () =>
        {
            var mine = new List<long>();
            IReadOnlyList<ClaimedDelivery> batch;
            while ((batch = await store.ClaimDueDeliveriesAsync($"p{i}", T0, T0.AddMinutes(5), 7, default)).Count > 0)
            {
                mine.AddRange(batch.Select(d => d.DeliveryId));
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToArray();
        Assert.Equal(120, all.Length);
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    [Fact]
    public async Task Submits_RacingFromManyProcesses_AdmitOneAttestPerIdAndOnePerPersonAndPeriod()
    {
        // Three processes submit at once: the same attest (same id, same content), and for other people overlapping attests
        // with different ids. The lock comes before the reads, so each sees what the one before it committed.
        await using var processes = await ProcessesAsync(3);
        var stores = processes.Stores;
        var same = Enumerable.Range(0, 15).Select(i => TestAttests.For(3000 + i)).ToArray();
        var overlapping = Enumerable.Range(0, 15).Select(i => Enumerable.Range(0, 3).Select(_ => TestAttests.For(3100 + i)).ToArray()).ToArray();
        var outcomes = await Task.WhenAll(
            same.SelectMany(attest => stores.Select(store => Task.Run(() => store.SubmitAsync(attest, "a", T0, default))))
                .Concat(overlapping.SelectMany(people => people.Select((attest, p) => Task.Run(() => stores[p].SubmitAsync(attest, "a", T0, default))))));

        var bySame = outcomes.Take(45).Chunk(3).Select(three => three.Select(r => r.Outcome).Order().ToArray());
        Assert.All(bySame, three => Assert.Equal([WriteOutcome.Accepted, WriteOutcome.AlreadyAccepted, WriteOutcome.AlreadyAccepted], three));
        var byPerson = outcomes.Skip(45).Chunk(3).Select(three => three.Select(r => r.Outcome).Order().ToArray());
        Assert.All(byPerson, three => Assert.Equal([WriteOutcome.Accepted, WriteOutcome.Conflict, WriteOutcome.Conflict], three));
    }

    [Fact]
    public async Task AuditChains_StayUnbroken_WhenDecisionsAndAttemptResultsRaceFromManyProcesses()
    {
        // Each delivery's chain is appended to by its attempt result and by interim and final decisions from three processes at
        // once; every writer reads the chain's head in the statement after its row lock, so no two events share a previous link.
        await using var processes = await ProcessesAsync(3);
        var stores = processes.Stores;
        for (var i = 0; i < 30; i++)
        {
            await stores[0].SubmitAsync(TestAttests.For(2000 + i, Benefits.Unemployment), "a", T0, default);
        }

        var claimed = await stores[0].ClaimDueDeliveriesAsync("p0", T0, T0.AddMinutes(5), 100, default);
        Assert.Equal(60, claimed.Count); // VDAB and Dimona of each attest; the RVA waits for VDAB
        await Task.WhenAll(claimed.SelectMany((d, i) => new Func<Task>[]
        {
            () => stores[i % 3].CompleteAttemptAsync("p0", new AttemptRecord(d.DeliveryId, d.State, DeliveryState.Sent, 1, T0, TimeSpan.FromMilliseconds(5), "202", null, null, null, null, null), default),
            async () =>
            {
                for (var n = 0; n < 3; n++)
                {
                    var interim = new AgencyAck(d.Destination.Kind, d.MessageId, false, null, "nog in behandeling", null, T0.AddMinutes(n)) { Interim = true };
                    await stores[(i + 1) % 3].ApplyAckAsync(interim, default);
                }
            },
            () => stores[(i + 2) % 3].ApplyAckAsync(new AgencyAck(d.Destination.Kind, d.MessageId, true, null, null, "R", T0.AddMinutes(5)), default),
        }).Select(Task.Run));

        var verified = await stores[1].VerifyAuditAsync(default);
        Assert.True(verified.Intact, $"broken at {verified.FirstBrokenSequence}: {verified.Reason}");
        // At least the 30 submits, the 60 final decisions and the 30 RVA releases; attempt results and interim notes as they raced.
        Assert.True(verified.Events >= 30 + 60 + 30, $"{verified.Events} events");
        Assert.Equal(60, (await stores[2].GetOverviewAsync(T0, default)).ByState[DeliveryState.Acknowledged]);
    }

    [Fact]
    public async Task JobLease_ManyProcessesAskingAtOnce_OneHoldsIt()
    {
        await using var processes = await ProcessesAsync(4);
        for (var round = 0; round < 10; round++)
        {
            var now = T0.AddHours(round * 10); // every round after the last lease ran out
            var held = await Task.WhenAll(processes.Stores.Select((store, i) => Task.Run(() => store.TryHoldJobAsync("alerts", $"p{i}", now, now.AddHours(2), default))));
            Assert.Equal(1, held.Count(h => h));
        }
    }

    [Fact]
    public async Task Counts_FromConcurrentWriters_StayExact()
    {
        await using var processes = await ProcessesAsync(3);
        var stores = processes.Stores;
        // 3 processes × 100 attests (3 deliveries each: VDAB and Dimona Pending, the RVA Waiting for VDAB), submitted at once.
        await Task.WhenAll(stores.Select((store, p) => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await store.SubmitAsync(TestAttests.For(1000 + (p * 100) + i, Benefits.Unemployment), "a", T0, default);
            }
        })));

        var overview = await stores[1].GetOverviewAsync(T0, default);
        Assert.Equal(600, overview.ByState[DeliveryState.Pending]);
        Assert.Equal(300, overview.ByState[DeliveryState.Waiting]);
    }
}

/// <summary>Hub processes sharing one fresh PostgreSQL database (migrated by the first), disposed together.</summary>
internal sealed class HubProcesses(string connection, PostgresHubStore[] stores) : IAsyncDisposable
{
    public string Connection { get; } = connection;

    public PostgresHubStore[] Stores { get; } = stores;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in Stores)
        {
            await store.DisposeAsync();
        }
    }
}

/// <summary>One PostgreSQL cluster for all PostgreSQL tests of this run.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await PostgresCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
