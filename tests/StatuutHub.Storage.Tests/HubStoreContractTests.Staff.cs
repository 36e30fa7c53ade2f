namespace StatuutHub.Storage.Tests;

/// <summary>Upgraded staff password hashes on every provider: kept per user against the configured hash they replaced.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task StaffPassword_UpgradeIsFoundOnlyForTheConfiguredHashItReplaced_AndASecondUpgradeReplacesIt()
    {
        Assert.Null(await _store.UpgradedPasswordHashAsync("anna", "fp-old", default));

        await _store.SaveUpgradedPasswordHashAsync("anna", "fp-old", "hash-1", T0, default);
        Assert.Equal("hash-1", await _store.UpgradedPasswordHashAsync("anna", "fp-old", default));
        Assert.Null(await _store.UpgradedPasswordHashAsync("anna", "fp-new", default)); // the configured password changed: void
        Assert.Null(await _store.UpgradedPasswordHashAsync("bert", "fp-old", default));

        await _store.SaveUpgradedPasswordHashAsync("anna", "fp-new", "hash-2", T0.AddDays(1), default);
        Assert.Equal("hash-2", await _store.UpgradedPasswordHashAsync("anna", "fp-new", default));
        Assert.Null(await _store.UpgradedPasswordHashAsync("anna", "fp-old", default));
    }
}
