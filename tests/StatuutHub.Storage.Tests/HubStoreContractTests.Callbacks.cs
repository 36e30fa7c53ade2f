using StatuutHub.Domain.Attests;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>Callbacks on every provider: events collected once from the audit trail, claimed in order per initiative, an event in its
/// retry wait holding back the later ones, a dead letter not, offered again, removed with the subscription.</summary>
public abstract partial class HubStoreContractTests
{
    private const string Kbo = "0123456749";

    private static readonly Func<ObservedChanges, IReadOnlyList<CallbackEventDraft>> OnePerChange =
        changes => [.. changes.Changes.Select(c => new CallbackEventDraft(Guid.NewGuid(), c.Kind, c.Seq, $"{{\"attest\":\"{changes.AttestId}\"}}", null))];

    [Fact]
    public async Task Callbacks_AreCollectedOnce_ClaimedInOrder_HeldBackByARetry_ButNotByADeadLetter()
    {
        await _store.SubmitAsync(TestAttests.For(900), "a", T0, default); // before the registration: not owed
        await _store.SetCallbackAsync(new CallbackSubscription(Kbo, new Uri("https://hooks.example.be/x"), "a-secret-of-the-initiative-0123456789", T0), default);
        var first = TestAttests.For(901, Benefits.SocialIntegration);
        var second = TestAttests.For(902, Benefits.SocialIntegration);
        await _store.SubmitAsync(first, "a", T0.AddSeconds(1), default);
        await _store.SubmitAsync(second, "a", T0.AddSeconds(2), default);

        Assert.Equal(0, await _store.CollectCallbackEventsAsync(T0.AddSeconds(3), T0, 100, OnePerChange, default)); // not settled yet
        Assert.Equal(2, await _store.CollectCallbackEventsAsync(T0.AddSeconds(9), T0.AddSeconds(5), 100, OnePerChange, default));
        Assert.Equal(0, await _store.CollectCallbackEventsAsync(T0.AddSeconds(9), T0.AddSeconds(5), 100, OnePerChange, default)); // once

        var now = T0.AddSeconds(10);
        var claimed = await _store.ClaimDueCallbacksAsync("p", now, now.AddMinutes(1), 10, default);
        Assert.Equal(["AttestSubmitted", "AttestSubmitted"], claimed.Select(c => c.Type));
        Assert.Contains(first.AttestId.ToString(), claimed[0].Body, StringComparison.Ordinal);
        Assert.Equal("a-secret-of-the-initiative-0123456789", claimed[0].Secret);
        Assert.Empty(await _store.ClaimDueCallbacksAsync("q", now, now.AddMinutes(1), 10, default)); // leased

        // The first fails and waits; the second, given back untried, must wait behind it.
        Assert.True(await _store.CompleteCallbackAsync("p", new CallbackAttempt(claimed[0].EventId, CallbackEventState.Pending, 1, now, now.AddMinutes(5), "503"), default));
        await _store.ReleaseCallbacksAsync("p", [claimed[1].EventId], default);
        Assert.Empty(await _store.ClaimDueCallbacksAsync("q", now.AddMinutes(1), now.AddMinutes(2), 10, default));
        var again = await _store.ClaimDueCallbacksAsync("q", now.AddMinutes(5), now.AddMinutes(6), 10, default);
        Assert.Equal([claimed[0].EventId, claimed[1].EventId], again.Select(c => c.EventId));
        Assert.False(await _store.CompleteCallbackAsync("p", new CallbackAttempt(again[0].EventId, CallbackEventState.Sent, 2, now, null, null), default)); // not p's lease

        // A dead letter holds nothing back; offered again, it is due at once with a fresh budget.
        await _store.CompleteCallbackAsync("q", new CallbackAttempt(again[0].EventId, CallbackEventState.DeadLettered, 2, now.AddMinutes(5), null, "budget spent"), default);
        await _store.CompleteCallbackAsync("q", new CallbackAttempt(again[1].EventId, CallbackEventState.Sent, 1, now.AddMinutes(5), null, null), default);
        var summary = Assert.Single(await _store.ReadCallbacksAsync(default));
        Assert.Equal((1L, 1L, "budget spent"), (summary.Events[CallbackEventState.DeadLettered], summary.Events[CallbackEventState.Sent], summary.LastError));
        Assert.Equal(1, await _store.RetryCallbacksAsync(Kbo, null, now.AddMinutes(6), default));
        var offered = Assert.Single(await _store.ClaimDueCallbacksAsync("q", now.AddMinutes(6), now.AddMinutes(7), 10, default));
        Assert.Equal((again[0].EventId, 0), (offered.EventId, offered.Attempts));

        var events = await _store.ReadCallbackEventsAsync(Kbo, null, 10, default);
        Assert.Equal(2, events.Count);
        Assert.Equal(now.AddMinutes(5), events.Single(e => e.EventId == again[1].EventId).SentAt); // when it went
        Assert.Null(events.Single(e => e.EventId == again[0].EventId).SentAt); // a dead letter never went
        Assert.True(await _store.RemoveCallbackAsync(Kbo, default));
        Assert.Empty(await _store.ReadCallbacksAsync(default));
        Assert.Empty(await _store.ClaimDueCallbacksAsync("r", now.AddDays(1), now.AddDays(1), 10, default));
        Assert.False(await _store.RemoveCallbackAsync(Kbo, default));
    }
}
