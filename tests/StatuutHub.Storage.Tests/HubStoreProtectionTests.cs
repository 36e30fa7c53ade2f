using System.Security.Cryptography;
using StatuutHub.Domain.Attests;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;
using StatuutHub.Storage.Serialization;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Storage.Tests;

/// <summary>Personal data at rest, on every provider: read straight from the database, no INSZ (nor name) is there in clear, yet
/// the store still finds a person's attests; rotation re-seals every version so an old key can go; rows from before protection
/// are still read and found, and sealed by the first pass.</summary>
public abstract partial class HubStoreContractTests
{
    /// <summary>Everything the database holds, as text, read past the store (files on disk, or every row of every table).</summary>
    protected abstract Task<string> DumpAsync();

    /// <summary>The same database through another store object with other keys (a restarted hub with a changed configuration).</summary>
    protected abstract IHubStore Reopen(PersonalDataProtector protector);

    [Fact]
    public async Task PersonalData_IsNotInTheDatabaseInClear_YetTheStoreFindsAndShowsIt()
    {
        var attest = TestAttests.For(41, Benefits.Unemployment | Benefits.Incapacity);
        attest = attest with { Participant = attest.Participant with { FamilyName = "Vandeweghe-Onvindbaar" } };
        await _store.SubmitAsync(attest, "initiative:test", T0, default);
        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(5), 10, default);
        // An agency that echoes the number in its error: the hub keeps the error, masked.
        await _store.CompleteAttemptAsync("p", Attempt(claimed[0], Domain.Deliveries.DeliveryState.RetryScheduled) with
        {
            Error = $"agency answered 400: unknown person {attest.Participant.Insz.Value}", NextDueAt = T0.AddMinutes(1),
        }, default);

        var dump = await DumpAsync();
        Assert.DoesNotContain(attest.Participant.Insz.Value, dump, StringComparison.Ordinal);
        Assert.DoesNotContain("Vandeweghe-Onvindbaar", dump, StringComparison.Ordinal);
        Assert.Contains(PersonalDataProtector.SealedPrefix + "t1:", dump, StringComparison.Ordinal);

        Assert.Equal(attest, (await _store.GetAttestAsync(attest.AttestId, default))!.Content);
        var found = Assert.Single(await _store.SearchAttestsAsync(null, attest.Participant.Insz.Value, null, default));
        Assert.Equal((attest.AttestId, attest.Participant.Insz.Masked), (found.AttestId, found.InszMasked));
        var overlapping = await _store.SubmitAsync(TestAttests.For(41, Benefits.Unemployment), "a", T0, default);
        Assert.Equal((WriteOutcome.Conflict, "OVERLAPPING_ATTEST", attest.AttestId), (overlapping.Outcome, overlapping.Conflict, overlapping.ConflictingAttestId));
    }

    [Fact]
    public async Task Rotation_ResealsEveryVersionWithTheNewKey_ThenTheOldKeyCanGo()
    {
        var attests = Enumerable.Range(0, 7).Select(i => TestAttests.For(60 + i)).ToArray();
        foreach (var attest in attests)
        {
            await _store.SubmitAsync(attest, "a", T0, default);
        }

        await _store.SetCallbackAsync(new CallbackSubscription("0123456749", new Uri("https://hooks.example.be/x"), "the-initiative's-callback-secret-0123456789", T0), default);
        var rotated = Reopen(TestPersonalData.Protector(current: "t2"));
        await _store.MarkSealedWithCurrentKeyAsync(T0, default); // a pass with t1 went through: that says nothing about t2
        Assert.False(await rotated.IsSealedWithCurrentKeyAsync(default));
        var (read, resealed) = await PassAsync(rotated, batchSize: 3);
        Assert.Equal((7, 7), (read, resealed));
        await rotated.MarkSealedWithCurrentKeyAsync(T0, default);
        Assert.True(await rotated.IsSealedWithCurrentKeyAsync(default));
        Assert.Equal((7, 0), await PassAsync(rotated, batchSize: 3)); // nothing left under t1

        var onlyNewKey = Reopen(new PersonalDataProtector(new Dictionary<string, byte[]> { ["t2"] = TestPersonalData.Key2 }, "t2", TestPersonalData.LookupKey));
        Assert.Equal(attests[3], (await onlyNewKey.GetAttestAsync(attests[3].AttestId, default))!.Content);
        await onlyNewKey.SubmitAsync(TestAttests.For(70), "a", T0, default);
        await onlyNewKey.CollectCallbackEventsAsync(T0.AddMinutes(1), T0.AddMinutes(1), 10, c => [new CallbackEventDraft(Guid.NewGuid(), "t", c.Changes[0].Seq, "{}", null)], default);
        var owed = Assert.Single(await onlyNewKey.ClaimDueCallbacksAsync("p", T0.AddMinutes(1), T0.AddMinutes(2), 10, default));
        Assert.Equal("the-initiative's-callback-secret-0123456789", owed.Secret); // the secret moved to t2 as well
        var onlyOldKey = Reopen(new PersonalDataProtector(new Dictionary<string, byte[]> { ["t1"] = TestPersonalData.Key1 }, "t1", TestPersonalData.LookupKey));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => onlyOldKey.GetAttestAsync(attests[3].AttestId, default));
        await DisposeAsync(rotated, onlyNewKey, onlyOldKey);
    }

    [Fact]
    public async Task RowsFromBeforeProtection_AreStillReadAndFound_AndTheFirstPassSealsThem()
    {
        var attest = TestAttests.For(80);
        await _store.SubmitAsync(attest, "a", T0, default);
        var id = attest.AttestId.ToString("D");
        await TamperAsync($"UPDATE attest_versions SET content_json = '{CanonicalAttestJson.Write(attest)}' WHERE attest_id = '{id}'");
        await TamperAsync($"UPDATE attests SET insz = '{attest.Participant.Insz.Value}' WHERE attest_id = '{id}'");

        Assert.Equal(attest, (await _store.GetAttestAsync(attest.AttestId, default))!.Content);
        Assert.Single(await _store.SearchAttestsAsync(null, attest.Participant.Insz.Value, null, default));
        Assert.Equal((1, 1), await PassAsync(_store, batchSize: 10));
        await _store.ForgetOverwrittenAsync(default);
        Assert.DoesNotContain(attest.Participant.Insz.Value, await DumpAsync(), StringComparison.Ordinal);
        Assert.Single(await _store.SearchAttestsAsync(null, attest.Participant.Insz.Value, null, default));
    }

    [Fact]
    public async Task ASealedVersionCopiedOntoAnotherAttestsRow_DoesNotOpenThere()
    {
        var one = TestAttests.For(82);
        var other = TestAttests.For(83);
        await _store.SubmitAsync(one, "a", T0, default);
        await _store.SubmitAsync(other, "a", T0, default);

        await TamperAsync($"UPDATE attest_versions SET content_json = (SELECT content_json FROM attest_versions WHERE attest_id = '{one.AttestId:D}') WHERE attest_id = '{other.AttestId:D}'");

        Assert.Equal(one, (await _store.GetAttestAsync(one.AttestId, default))!.Content);
        await Assert.ThrowsAnyAsync<System.Security.Cryptography.CryptographicException>(() => _store.GetAttestAsync(other.AttestId, default));
    }

    [Fact]
    public async Task OnceEveryRowIsSealed_ContentPutInClearBehindTheHubsBack_IsRefused()
    {
        var attest = TestAttests.For(81);
        await _store.SubmitAsync(attest, "a", T0, default);
        await PassAsync(_store, batchSize: 10);
        await _store.MarkSealedWithCurrentKeyAsync(T0, default);
        var forged = attest with { Participant = attest.Participant with { FamilyName = "Vervalst" } };

        await TamperAsync($"UPDATE attest_versions SET content_json = '{CanonicalAttestJson.Write(forged)}' WHERE attest_id = '{attest.AttestId:D}'");

        await Assert.ThrowsAsync<System.Security.Cryptography.CryptographicException>(() => _store.GetAttestAsync(attest.AttestId, default));
    }

    [Fact]
    public async Task Rotation_CannotResurrectAVersionPurgedBetweenItsReadAndItsWrite()
    {
        var attest = TestAttests.For(498, Benefits.None, start: new DateOnly(2019, 1, 7), end: new DateOnly(2019, 12, 31));
        await _store.SubmitAsync(attest, "a", T0, default);
        foreach (var delivery in await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(5), 10, default))
        {
            await _store.CompleteAttemptAsync("p", Attempt(delivery, Domain.Deliveries.DeliveryState.Acknowledged), default);
        }

        var rotated = (Relational.RelationalHubStore)Reopen(TestPersonalData.Protector(current: "t2"));
        try
        {
            // The gate: the pass has read the version sealed with t1; the purge removes it; then the pass writes.
            var purged = 0;
            rotated.AfterReprotectRead = async () =>
                purged = (await _store.PurgeExpiredAsync(new RetentionCutoff(new DateOnly(2021, 1, 1), T0.AddHours(1), T0.AddDays(1), "test"), null, 10, default)).Purged;
            var batch = await rotated.ReprotectAsync(null, 100, default);

            Assert.Equal((1, 1), (purged, batch.Read));
            Assert.Null(await _store.GetAttestAsync(attest.AttestId, default));
            Assert.DoesNotContain(PersonalDataProtector.SealedPrefix + "t2:", await DumpAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await DisposeAsync(rotated);
        }
    }

    private static async Task<(int Read, int Resealed)> PassAsync(IHubStore store, int batchSize)
    {
        var (read, resealed) = (0, 0);
        ProtectionCursor? cursor = null;
        do
        {
            var batch = await store.ReprotectAsync(cursor, batchSize, default);
            (read, resealed, cursor) = (read + batch.Read, resealed + batch.Resealed, batch.Next);
        }
        while (cursor is not null);
        return (read, resealed);
    }

    private static async Task DisposeAsync(params IHubStore[] stores)
    {
        foreach (var store in stores.OfType<IAsyncDisposable>())
        {
            await store.DisposeAsync();
        }
    }
}
