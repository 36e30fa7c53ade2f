using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>The change feed on every provider reads only the settled prefix of the audit sequence.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task ChangeFeed_StopsBeforeTheFirstUnsettledEvent_SoAnOlderEventBehindItIsNotSteppedOver()
    {
        // Written in this order: A (time T0+10 s) gets the lower sequence, B (time T0) the higher one.
        var a = TestAttests.For(950);
        var b = TestAttests.For(951);
        await _store.SubmitAsync(a, "a", T0.AddSeconds(10), default);
        await _store.SubmitAsync(b, "a", T0, default);

        // At horizon T0+5 s, A is not settled: B must wait behind it, or a reader's cursor would move past A for good.
        var early = await _store.ReadChangesAsync(new ChangeQuery(null, 0, null, T0.AddSeconds(5), 10), default);
        Assert.Empty(early.Items);
        Assert.Equal(0, early.Next);

        var later = await _store.ReadChangesAsync(new ChangeQuery(null, early.Next, null, T0.AddSeconds(11), 10), default);
        Assert.Equal([a.AttestId, b.AttestId], later.Items.Select(i => i.AttestId));
    }
}
