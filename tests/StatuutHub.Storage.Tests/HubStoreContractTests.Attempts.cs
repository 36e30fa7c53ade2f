using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>An attempt's result that reaches the store after the agency's decision (a fast agency, a slow answer): the history
/// keeps the attempt, the decision's state stands, and nothing is counted twice.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task AnAttemptAnsweredAfterTheDecision_IsRecorded_AndTheDecisionStands()
    {
        var attest = TestAttests.For(960, Benefits.None);
        await _store.SubmitAsync(attest, "a", T0, default);
        var dimona = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default));
        Assert.Equal(AckOutcome.Applied, await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Dimona, dimona.MessageId, true, null, null, "DIM-1", T0), default));

        var late = Attempt(dimona, DeliveryState.Sent) with { Outcome = "receipt", Reference = "DIM-RECEIPT" };
        Assert.Equal(AttemptCompletion.AfterDecision, await _store.CompleteAttemptAsync("p", late, default));

        var detail = (await _store.GetDeliveryAsync(dimona.DeliveryId, default))!;
        Assert.Equal(DeliveryState.Acknowledged, detail.Message.State);
        Assert.Equal("DIM-1", detail.Reference); // the decision's reference, not the receipt's
        Assert.Equal("receipt", Assert.Single(detail.Attempts).Outcome);
        var counts = await _store.CountDeliveriesAsync(default);
        Assert.Equal(1, counts[DeliveryState.Acknowledged]);
        Assert.Equal(0, counts.GetValueOrDefault(DeliveryState.Sent));
        Assert.Equal(0, counts.GetValueOrDefault(DeliveryState.Pending));

        var stored = (await _store.GetAttestAsync(attest.AttestId, default))!;
        Assert.Equal(AttestStatus.Recognised, stored.Status);
        Assert.Equal(["AttestSubmitted", "DecisionApproved", "DeliverySentAfterDecision"], stored.History.Select(e => e.Kind));
        var verified = await _store.VerifyAuditAsync(default);
        Assert.True(verified.Intact, verified.Reason);
    }

    [Fact]
    public async Task ADeliverysAttemptsAndDecision_FollowEachOther_InItsChain()
    {
        // Each event links to the one before it on the same delivery: the head read with the row (SQLite) or after it (PostgreSQL).
        var attest = TestAttests.For(962, Benefits.None);
        await _store.SubmitAsync(attest, "a", T0, default);
        var first = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default));
        var retry = Attempt(first, DeliveryState.RetryScheduled) with { Outcome = "failed", Error = "HTTP 503", NextDueAt = T0.AddMinutes(5) };
        Assert.Equal(AttemptCompletion.Applied, await _store.CompleteAttemptAsync("p", retry, default));
        var again = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddMinutes(6), T0.AddMinutes(7), 10, default));
        Assert.Equal(AttemptCompletion.Applied, await _store.CompleteAttemptAsync("p", Attempt(again, DeliveryState.Sent) with { Outcome = "receipt" }, default));
        Assert.Equal(AckOutcome.Applied, await _store.ApplyAckAsync(new AgencyAck(DestinationKind.Dimona, again.MessageId, true, null, null, "DIM-2", T0.AddMinutes(8)), default));

        var stored = (await _store.GetAttestAsync(attest.AttestId, default))!;
        Assert.Equal(["AttestSubmitted", "DeliveryRetryScheduled", "DeliverySent", "DecisionApproved"], stored.History.Select(e => e.Kind));
        var verified = await _store.VerifyAuditAsync(default);
        Assert.True(verified.Intact, verified.Reason);
        Assert.Equal(4, verified.Events);
    }

    [Fact]
    public async Task AnAttemptWhoseLeaseAnotherProcessTookOver_IsNotRecorded()
    {
        await _store.SubmitAsync(TestAttests.For(961, Benefits.None), "a", T0, default);
        var first = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default));
        var second = Assert.Single(await _store.ClaimDueDeliveriesAsync("q", T0.AddMinutes(2), T0.AddMinutes(3), 10, default));
        Assert.Equal(AttemptCompletion.Applied, await _store.CompleteAttemptAsync("q", Attempt(second, DeliveryState.Sent), default));

        Assert.Equal(AttemptCompletion.Superseded, await _store.CompleteAttemptAsync("p", Attempt(first, DeliveryState.RetryScheduled), default));
        var detail = (await _store.GetDeliveryAsync(first.DeliveryId, default))!;
        Assert.Equal(DeliveryState.Sent, detail.Message.State);
        Assert.Single(detail.Attempts);
    }

    [Fact]
    public async Task ManyAttemptResultsAtOnce_AreEachRecordedOnce_WithTheirAuditAndCounts()
    {
        // Twenty results arriving together, as a dispatcher's parallel sends answer (PostgreSQL writes those that wait together).
        var attests = Enumerable.Range(970, 10).Select(person => TestAttests.For(person, Benefits.Unemployment)).ToList();
        foreach (var attest in attests)
        {
            await _store.SubmitAsync(attest, "a", T0, default);
        }

        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 100, default);
        Assert.Equal(20, claimed.Count); // VDAB and Dimona of each; the RVA waits for VDAB
        var results = claimed.Select((d, i) => i % 4 == 3
            ? Attempt(d, DeliveryState.RetryScheduled) with { Outcome = "failed", Error = "HTTP 503", NextDueAt = T0.AddMinutes(5) }
            : Attempt(d, DeliveryState.Sent) with { Outcome = "receipt", Reference = $"REF-{d.DeliveryId}", AnswerDueAt = T0.AddDays(3) }).ToList();
        // One answer names a lease this process no longer holds, one a state its delivery is not in: neither may be applied.
        results[0] = results[0] with { Outcome = "stale" };
        var completions = await Task.WhenAll(results.Select((r, i) =>
            _store.CompleteAttemptAsync(i == 0 ? "q" : "p", i == 1 ? r with { From = DeliveryState.RetryScheduled } : r, default)));

        Assert.Equal([AttemptCompletion.Superseded, AttemptCompletion.Superseded, .. Enumerable.Repeat(AttemptCompletion.Applied, 18)], completions);
        for (var i = 0; i < claimed.Count; i++)
        {
            var detail = (await _store.GetDeliveryAsync(claimed[i].DeliveryId, default))!;
            var expected = i < 2 ? DeliveryState.Pending : results[i].To;
            Assert.Equal(expected, detail.Message.State);
            Assert.Equal(i < 2 ? 0 : 1, detail.Attempts.Count);
            Assert.Equal(i < 2 || expected != DeliveryState.Sent ? null : $"REF-{claimed[i].DeliveryId}", detail.Reference);
        }

        var counts = await _store.CountDeliveriesAsync(default);
        Assert.Equal(13, counts[DeliveryState.Sent]);
        Assert.Equal(5, counts[DeliveryState.RetryScheduled]);
        Assert.Equal(2, counts[DeliveryState.Pending]);
        Assert.Equal(10, counts[DeliveryState.Waiting]);
        foreach (var attest in attests)
        {
            var stored = (await _store.GetAttestAsync(attest.AttestId, default))!;
            var sent = stored.Deliveries.Count(d => d.State is DeliveryState.Sent or DeliveryState.RetryScheduled);
            Assert.Equal(sent, stored.History.Count(e => e.Kind is "DeliverySent" or "DeliveryRetryScheduled"));
        }

        var verified = await _store.VerifyAuditAsync(default);
        Assert.True(verified.Intact, verified.Reason);
    }
}
