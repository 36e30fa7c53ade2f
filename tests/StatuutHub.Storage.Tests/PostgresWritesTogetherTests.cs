using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Postgres;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Storage.Tests;

/// <summary>The units that write several attempt results, or several new attests, at once on PostgreSQL, called directly so that
/// each of their choices is seen (through the public API a round's size depends on timing): what they apply, refuse or leave to
/// a unit of its own, and that what they write is what a write alone writes.</summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresWritesTogetherTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    // Held as the contract, as the contract tests hold theirs; the unit under test is the PostgreSQL store's own.
    private IHubStore _store = null!;

    private PostgresHubStore Postgres => (PostgresHubStore)_store;

    public async Task InitializeAsync()
    {
        _store = new PostgresHubStore(await postgres.Cluster.CreateDatabaseAsync(), TestPersonalData.Protector());
        await _store.MigrateAsync(default);
    }

    public async Task DisposeAsync() => await Postgres.DisposeAsync();

    [Fact]
    public async Task AttemptResultsTogether_ApplyOnlyWhatTheUnitMayTake_AndLeaveTheRestToUnitsOfTheirOwn()
    {
        var attests = Enumerable.Range(980, 4).Select(person => TestAttests.For(person, Benefits.Unemployment)).ToList();
        foreach (var attest in attests)
        {
            await _store.SubmitAsync(attest, "a", T0, default);
        }

        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 100, default);
        Assert.Equal(8, claimed.Count);
        AttemptRecord Sent(ClaimedDelivery d) => new(d.DeliveryId, d.State, DeliveryState.Sent, d.Attempts + 1, T0, TimeSpan.FromMilliseconds(7), "receipt",
            null, null, T0.AddDays(3), $"REF-{d.DeliveryId}", null);
        var results = new List<(string Owner, AttemptRecord Attempt)>
        {
            ("p", Sent(claimed[0])),
            ("p", Sent(claimed[1]) with { To = DeliveryState.RetryScheduled, Outcome = "failed", Error = "HTTP 503", NextDueAt = T0.AddMinutes(5), Reference = null }),
            ("q", Sent(claimed[2])), // another owner than the round's first: left
            ("p", Sent(claimed[3]) with { To = DeliveryState.Acknowledged, Outcome = "accepted" }), // ends its delivery, settles a chain: left
            ("p", Sent(claimed[0]) with { Outcome = "again" }), // the same delivery twice: the second left
            ("p", Sent(claimed[4]) with { From = DeliveryState.RetryScheduled }), // not in the state it was claimed in: not applied, left
            ("p", Sent(claimed[5])),
        };

        var done = (await Postgres.CompleteAttemptsTogetherAsync(results)).Select(t => t.Done ? t.Result : (AttemptCompletion?)null);

        Assert.Equal(new AttemptCompletion?[] { AttemptCompletion.Applied, AttemptCompletion.Applied, null, null, null, null, AttemptCompletion.Applied }, done);
        var first = (await _store.GetDeliveryAsync(claimed[0].DeliveryId, default))!;
        Assert.Equal(DeliveryState.Sent, first.Message.State);
        Assert.Equal($"REF-{claimed[0].DeliveryId}", first.Reference);
        Assert.Equal("receipt", Assert.Single(first.Attempts).Outcome);
        Assert.Equal(TimeSpan.FromMilliseconds(7), first.Attempts[0].Duration);
        var retrying = (await _store.GetDeliveryAsync(claimed[1].DeliveryId, default))!;
        Assert.Equal(DeliveryState.RetryScheduled, retrying.Message.State);
        Assert.Equal("HTTP 503", retrying.LastError);
        Assert.Equal(1, retrying.Message.Attempts);
        foreach (var left in new[] { 2, 3, 4 })
        {
            var detail = (await _store.GetDeliveryAsync(claimed[left].DeliveryId, default))!;
            Assert.Equal(DeliveryState.Pending, detail.Message.State);
            Assert.Empty(detail.Attempts);
        }

        // Nothing is claimable: the applied ones went or wait for their retry, the others are still this process's.
        Assert.Empty(await _store.ClaimDueDeliveriesAsync("r", T0.AddSeconds(1), T0.AddMinutes(1), 100, default));
        var counts = await _store.CountDeliveriesAsync(default);
        Assert.Equal(2, counts[DeliveryState.Sent]);
        Assert.Equal(1, counts[DeliveryState.RetryScheduled]);
        Assert.Equal(5, counts[DeliveryState.Pending]);

        // The left results, written alone afterwards as the queue does, give what each would have given alone.
        Assert.Equal(AttemptCompletion.Superseded, await _store.CompleteAttemptAsync("q", results[2].Attempt, default));
        Assert.Equal(AttemptCompletion.Applied, await _store.CompleteAttemptAsync("p", results[3].Attempt, default));
        Assert.Equal(AttemptCompletion.Superseded, await _store.CompleteAttemptAsync("p", results[4].Attempt, default));
        var verified = await _store.VerifyAuditAsync(default);
        Assert.True(verified.Intact, verified.Reason);
        var history = (await _store.GetAttestAsync(attests[0].AttestId, default))!.History;
        Assert.Contains(history, e => e.Kind == "DeliverySent" && e.Destination == claimed[0].Destination.Id);
    }

    [Fact]
    public async Task AnAttemptResultAlone_GoesThroughTheSingleUnit()
    {
        await _store.SubmitAsync(TestAttests.For(990, Benefits.None), "a", T0, default);
        var dimona = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default));
        var alone = new AttemptRecord(dimona.DeliveryId, dimona.State, DeliveryState.Sent, 1, T0, TimeSpan.FromMilliseconds(3), "receipt", null, null, T0.AddDays(1), null, null);

        Assert.False(Assert.Single(await Postgres.CompleteAttemptsTogetherAsync([("p", alone)])).Done);
        Assert.Equal(AttemptCompletion.Applied, await _store.CompleteAttemptAsync("p", alone, default));
        Assert.Equal(DeliveryState.Sent, (await _store.GetDeliveryAsync(dimona.DeliveryId, default))!.Message.State);
    }

    [Fact]
    public async Task SubmissionsTogether_AreEachJudgedAsAlone_AndWhatTheUnitCannotJudgeIsLeft()
    {
        var stored = TestAttests.For(1300, Benefits.None);
        await _store.SubmitAsync(stored, "a", T0, default);
        var fresh = TestAttests.For(1301, Benefits.Unemployment | Benefits.SocialIntegration);
        var overlapsStored = TestAttests.For(1300, Benefits.None); // the stored attest's person and period: refused
        var samePersonAgain = TestAttests.For(1301, Benefits.None); // the fresh one's person: left, to be judged after it
        var other = TestAttests.For(1302, Benefits.Incapacity);
        List<Attest> attests = [fresh, overlapsStored, stored, samePersonAgain, other];

        var taken = await Postgres.SubmitTogetherAsync([.. attests.Select(a => Postgres.Prepare(AttestChanges.Submission(a, StoreSteps.Routing, "initiative:test", T0, [], StoreSteps.Admit)))]);

        Assert.Equal([true, true, false, false, true], taken.Select(t => t.Done));
        Assert.Equal(WriteOutcome.Accepted, taken[0].Result.Outcome);
        Assert.Equal((WriteOutcome.Conflict, "OVERLAPPING_ATTEST", stored.AttestId), (taken[1].Result.Outcome, taken[1].Result.Conflict, taken[1].Result.ConflictingAttestId));
        Assert.Equal(WriteOutcome.Accepted, taken[4].Result.Outcome);
        Assert.Null(await _store.GetAttestAsync(overlapsStored.AttestId, default));

        // What the unit wrote reads back as a submission alone's.
        var alone = TestAttests.For(1303, Benefits.Unemployment | Benefits.SocialIntegration);
        await _store.SubmitAsync(alone, "initiative:test", T0, default);
        var together = (await _store.GetAttestAsync(fresh.AttestId, default))!;
        var single = (await _store.GetAttestAsync(alone.AttestId, default))!;
        Assert.Equal(fresh, together.Content);
        Assert.Equal(single.Deliveries.Select(d => (d.Destination, d.State, d.Kind, d.Version)), together.Deliveries.Select(d => (d.Destination, d.State, d.Kind, d.Version)));
        Assert.Equal(single.History.Select(e => (e.Kind, e.Actor)), together.History.Select(e => (e.Kind, e.Actor)));
        Assert.Equal(single.Status, together.Status);
        Assert.Equal(4, together.Deliveries.Select(d => d.MessageId).Distinct().Count());

        // The left ones, written alone afterwards as the queue does, give what each would have given alone.
        Assert.Equal(WriteOutcome.AlreadyAccepted, (await _store.SubmitAsync(stored, "a", T0, default)).Outcome);
        var after = await _store.SubmitAsync(samePersonAgain, "a", T0, default);
        Assert.Equal((WriteOutcome.Conflict, fresh.AttestId), (after.Outcome, after.ConflictingAttestId));
        var counts = await _store.CountDeliveriesAsync(default);
        Assert.Equal(single.Deliveries.Count * 2 + 1 + (await _store.GetAttestAsync(other.AttestId, default))!.Deliveries.Count, counts.Values.Sum());
        var verified = await _store.VerifyAuditAsync(default);
        Assert.True(verified.Intact, verified.Reason);
    }
}
