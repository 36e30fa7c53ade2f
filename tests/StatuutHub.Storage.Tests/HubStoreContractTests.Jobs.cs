namespace StatuutHub.Storage.Tests;

/// <summary>Job leases on every provider: one holder at a time, kept by renewing, taken over once run out.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task JobLease_OneHolder_KeptByRenewing_TakenOverOnceRunOut()
    {
        Assert.True(await _store.TryHoldJobAsync("retention", "a", T0, T0.AddHours(2), default));
        Assert.False(await _store.TryHoldJobAsync("retention", "b", T0.AddHours(1), T0.AddHours(3), default));
        Assert.True(await _store.TryHoldJobAsync("statistics", "b", T0.AddHours(1), T0.AddHours(3), default)); // another job, its own lease
        Assert.True(await _store.TryHoldJobAsync("retention", "a", T0.AddHours(1), T0.AddHours(3), default)); // renewed
        Assert.False(await _store.TryHoldJobAsync("retention", "b", T0.AddHours(2.5), T0.AddHours(4.5), default));
        Assert.True(await _store.TryHoldJobAsync("retention", "b", T0.AddHours(3.5), T0.AddHours(5.5), default)); // a stopped: b takes over
        Assert.False(await _store.TryHoldJobAsync("retention", "a", T0.AddHours(4), T0.AddHours(6), default));
    }
}
