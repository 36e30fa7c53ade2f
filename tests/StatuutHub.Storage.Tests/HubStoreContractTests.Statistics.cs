using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>The statistics' facts on every provider: every attest read once across batches, with its deliveries, purged ones left
/// out; the newest report kept alone.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task StatisticsFacts_ReadEveryAttestOnceInBatches_WithTheirDeliveries_AndTheNewestReportIsKept()
    {
        var purged = TestAttests.For(499, Benefits.None, start: new DateOnly(2019, 1, 7), end: new DateOnly(2019, 12, 31));
        await _store.SubmitAsync(purged, "a", T0, default);
        foreach (var delivery in await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(5), 10, default))
        {
            await _store.CompleteAttemptAsync("p", Attempt(delivery, DeliveryState.Acknowledged), default);
        }

        Assert.Equal(1, (await _store.PurgeExpiredAsync(new RetentionCutoff(new DateOnly(2021, 1, 1), T0.AddHours(1), T0.AddDays(1), "test"), null, 10, default)).Purged);
        var attests = Enumerable.Range(0, 7).Select(i => TestAttests.For(500 + i, Benefits.Unemployment)).ToArray();
        foreach (var attest in attests)
        {
            await _store.SubmitAsync(attest, "a", T0, default);
        }

        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(5), 100, default);
        await _store.CompleteAttemptAsync("p", Attempt(claimed[0], DeliveryState.Acknowledged) with { StartedAt = T0.AddHours(5) }, default);

        var read = new List<AttestFacts>();
        string? cursor = null;
        var batches = 0;
        do
        {
            var batch = await _store.ReadStatisticsFactsAsync(cursor, 3, default);
            read.AddRange(batch.Attests);
            cursor = batch.Next;
            batches++;
        }
        while (cursor is not null);

        Assert.Equal(attests.Select(a => a.AttestId).Order(), read.Select(f => f.Content.AttestId).Order());
        Assert.InRange(batches, 3, 4); // 3 + 3 + 1 (and an empty one when the last batch is full)
        Assert.All(read, f => Assert.Equal((T0, false), (f.SubmittedAt, f.Cancelled)));
        Assert.Equal(attests.Length * 3, read.Sum(f => f.Deliveries.Count)); // VDAB, the RVA (waiting for it) and Dimona each
        var decided = Assert.Single(read.SelectMany(f => f.Deliveries), d => d.State == DeliveryState.Acknowledged);
        Assert.Equal(T0.AddHours(5).AddMilliseconds(5), decided.DecidedAt);

        Assert.Null(await _store.GetStatisticsAsync(default));
        await _store.SaveStatisticsAsync(T0, "{\"first\":1}", default);
        await _store.SaveStatisticsAsync(T0.AddDays(1), "{\"second\":2}", default);
        Assert.Equal(new StoredStatistics(T0.AddDays(1), "{\"second\":2}"), await _store.GetStatisticsAsync(default));
    }
}
