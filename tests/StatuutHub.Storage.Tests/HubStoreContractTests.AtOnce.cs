using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>Many submissions at the same moment, as a busy intake sends them (PostgreSQL writes those that wait together):
/// each is judged as it would be alone.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task ManySubmissionsAtOnce_AreEachJudgedAsTheyWouldBeAlone()
    {
        var people = Enumerable.Range(1000, 12).Select(person => TestAttests.For(person, Benefits.Unemployment)).ToList();
        var twin = TestAttests.For(1100, Benefits.None);
        var rival = TestAttests.For(1100, Benefits.None); // the same person and period under another id: one of the two wins
        var repeated = TestAttests.For(1200, Benefits.None);
        List<Attest> all = [.. people, twin, rival, repeated, repeated];

        var results = await Task.WhenAll(all.Select(attest => _store.SubmitAsync(attest, "initiative:test", T0, default)));

        Assert.All(results.Take(12), r => Assert.Equal(WriteOutcome.Accepted, r.Outcome));
        var (won, lost) = results[12].Outcome == WriteOutcome.Accepted ? (twin, results[13]) : (rival, results[12]);
        Assert.Equal((WriteOutcome.Conflict, "OVERLAPPING_ATTEST", won.AttestId), (lost.Outcome, lost.Conflict, lost.ConflictingAttestId));
        Assert.Equal(new[] { WriteOutcome.AlreadyAccepted, WriteOutcome.Accepted }.Order(), results.Skip(14).Select(r => r.Outcome).Order());
        foreach (var attest in people)
        {
            var view = (await _store.GetAttestAsync(attest.AttestId, default))!;
            Assert.Equal(attest, view.Content);
            Assert.Equal([DeliveryState.Pending, DeliveryState.Waiting, DeliveryState.Pending], view.Deliveries.Select(d => d.State));
            Assert.Equal("AttestSubmitted", Assert.Single(view.History).Kind);
        }

        var counts = await _store.CountDeliveriesAsync(default);
        Assert.Equal((26, 12), (counts[DeliveryState.Pending], counts[DeliveryState.Waiting]));
        var verified = await _store.VerifyAuditAsync(default);
        Assert.True(verified.Intact, verified.Reason);
    }
}
