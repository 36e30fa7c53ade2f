using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>Alerts on every provider: open once per key until resolved, then again; resolved when no longer firing.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task Alerts_OpenOncePerKey_ResolveWhenCleared_AndFireAgainLater()
    {
        Assert.True(await _store.OpenAlertAsync("dead-letters:rva", "nl", "en", T0, default));
        Assert.False(await _store.OpenAlertAsync("dead-letters:rva", "nl", "en", T0.AddMinutes(1), default)); // open already: nobody mails twice
        Assert.True(await _store.OpenAlertAsync("overdue", "nl2", "en2", T0.AddMinutes(1), default));
        await _store.RecordAlertNotifiedAsync("overdue", T0.AddMinutes(1), T0.AddMinutes(2), "connection refused", default);

        var cleared = await _store.ResolveAlertsAsync(new HashSet<string>(["overdue"]), T0.AddMinutes(3), default);
        Assert.Equal(("dead-letters:rva", T0.AddMinutes(3)), (Assert.Single(cleared).Key, cleared[0].ResolvedAt!.Value));
        Assert.True(await _store.OpenAlertAsync("dead-letters:rva", "nl", "en", T0.AddMinutes(4), default)); // fires again, a new row

        var all = await _store.ReadAlertsAsync(10, default);
        Assert.Equal(["dead-letters:rva", "overdue", "dead-letters:rva"], all.Select(a => a.Key)); // open first (newest first), then past
        Assert.Equal("connection refused", all.Single(a => a.Key == "overdue").NotifyError);
        Assert.Equal(0, await _store.CountMissedRenewalsAsync(default));
    }
}
