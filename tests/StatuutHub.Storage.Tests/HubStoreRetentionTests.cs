using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>Retention, on every provider: an attest whose time is up loses its personal data; the counters, the deliveries and a
/// verifiable audit trail stay; what still runs, or ended recently, is left alone.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task Purge_RemovesExpiredPersonalData_WithWhatAgenciesAnswered_KeepsCountersAndAVerifiableTrail_AndLeavesTheRest()
    {
        var old = TestAttests.For(90, Benefits.None, start: new DateOnly(2019, 1, 7), end: new DateOnly(2019, 12, 31));
        var oldStillSending = TestAttests.For(91, Benefits.None, start: new DateOnly(2019, 1, 7), end: new DateOnly(2019, 12, 31));
        var recent = TestAttests.For(92, Benefits.None);
        foreach (var attest in new[] { old, oldStillSending, recent })
        {
            await _store.SubmitAsync(attest, "a", T0, default);
        }

        // What an agency answered may quote the person: it goes with the attest's content.
        const string quoted = "deelnemer Quotedname, geboren 1961-02-03, onbekend";
        foreach (var delivery in (await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(5), 10, default)).Where(d => d.AttestId != oldStillSending.AttestId))
        {
            await _store.CompleteAttemptAsync("p", Attempt(delivery, DeliveryState.Acknowledged) with { Answer = $"HTTP/1.1 200 OK\n\n{quoted}" }, default);
        }

        await _store.RecordCrossConflictAsync(new CrossConflict("0987654394", Guid.NewGuid(), old.AttestId, "OVERLAPPING_ATTEST", T0, old.Participant.Insz.Value), default);
        Assert.Contains(quoted, await DumpAsync(), StringComparison.Ordinal);

        var counted = await _store.CountDeliveriesAsync(default);
        var cutoff = new RetentionCutoff(new DateOnly(2021, 1, 1), T0.AddHours(1), T0.AddDays(1), "bewaartermijn verstreken (test)");

        Assert.Equal(new PurgeBatch(1, null), await _store.PurgeExpiredAsync(cutoff, null, batchSize: 10, default));
        Assert.Equal(new PurgeBatch(0, null), await _store.PurgeExpiredAsync(cutoff, null, batchSize: 10, default)); // done once
        Assert.Null(await _store.GetAttestAsync(old.AttestId, default));
        Assert.NotNull(await _store.GetAttestAsync(oldStillSending.AttestId, default)); // Dimona not sent yet
        Assert.NotNull(await _store.GetAttestAsync(recent.AttestId, default));
        Assert.Empty(await _store.SearchAttestsAsync(null, old.Participant.Insz.Value, null, default));
        Assert.Equal(counted, await _store.CountDeliveriesAsync(default));
        await _store.ForgetOverwrittenAsync(default);
        var dump = await DumpAsync();
        Assert.Contains("purged:", dump, StringComparison.Ordinal);
        Assert.Equal(1, dump.Split(quoted).Length - 1); // only the recent attest's answer is left
        Assert.Empty(await _store.ReadCrossConflictsAsync(T0.AddDays(-1), 10, default)); // a conflict with a purged attest goes with it

        Assert.Null((await _store.VerifyAuditAsync(default)).FirstBrokenSequence);
        await TamperAsync($"UPDATE audit_events SET detail = 'niets gebeurd' WHERE attest_id = '{old.AttestId:D}' AND kind = 'AttestPurged'");
        Assert.NotNull((await _store.VerifyAuditAsync(default)).FirstBrokenSequence);
    }

    [Fact]
    public async Task Purge_GoesOnPastAnAttestThatStillRuns()
    {
        // Both ended long ago; the first (in id order) still has a message to send, the second is settled.
        var running = TestAttests.For(93, Benefits.None, start: new DateOnly(2019, 1, 7), end: new DateOnly(2019, 12, 31), id: new Guid("00000000-0000-4000-8000-000000000001"));
        var settled = TestAttests.For(94, Benefits.None, start: new DateOnly(2019, 1, 7), end: new DateOnly(2019, 12, 31), id: new Guid("00000000-0000-4000-8000-000000000002"));
        await _store.SubmitAsync(running, "a", T0, default);
        await _store.SubmitAsync(settled, "a", T0, default);
        foreach (var delivery in (await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(5), 10, default)).Where(d => d.AttestId == settled.AttestId))
        {
            await _store.CompleteAttemptAsync("p", Attempt(delivery, DeliveryState.Acknowledged), default);
        }

        var cutoff = new RetentionCutoff(new DateOnly(2021, 1, 1), T0.AddHours(1), T0.AddDays(1), "test");
        var first = await _store.PurgeExpiredAsync(cutoff, null, batchSize: 1, default);
        var second = await _store.PurgeExpiredAsync(cutoff, first.Next, batchSize: 1, default);

        Assert.Equal(new PurgeBatch(0, running.AttestId.ToString("D")), first);
        Assert.Equal(1, second.Purged);
        Assert.Null(await _store.GetAttestAsync(settled.AttestId, default));
        Assert.NotNull(await _store.GetAttestAsync(running.AttestId, default));
    }

    [Fact]
    public async Task RetentionPurge_GoesBatchByBatch_UntilNoAttestIsLeftToLookAt()
    {
        // Three ended and settled, one ended but still sending; batches of one.
        var attests = Enumerable.Range(0, 4).Select(i => TestAttests.For(95 + i, Benefits.None, start: new DateOnly(2019, 1, 7), end: new DateOnly(2019, 12, 31))).ToArray();
        foreach (var attest in attests)
        {
            await _store.SubmitAsync(attest, "a", T0, default);
        }

        foreach (var delivery in (await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(5), 10, default)).Where(d => d.AttestId != attests[2].AttestId))
        {
            await _store.CompleteAttemptAsync("p", Attempt(delivery, DeliveryState.Acknowledged), default);
        }

        var purge = new StatuutHub.Application.Support.RetentionPurge(_store,
            Microsoft.Extensions.Options.Options.Create(new StatuutHub.Application.Support.RetentionOptions { After = TimeSpan.FromDays(1), BatchSize = 1 }),
            new FixedTime(T0.AddDays(2)), Microsoft.Extensions.Logging.Abstractions.NullLogger<StatuutHub.Application.Support.RetentionPurge>.Instance);

        Assert.Equal(3, await purge.RunOnceAsync(default));
        var kept = await Task.WhenAll(attests.Select(async a => await _store.GetAttestAsync(a.AttestId, default) is not null));
        Assert.Equal([false, false, true, false], kept);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
