using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Domain.Security;
using StatuutHub.Host.Security;
using StatuutHub.Host.Tests.Hosting;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Tests.Security;

/// <summary>The dashboard sign-in resists guessing: a user name is locked after repeated failures (an unknown one exactly
/// like a known one), the form has its own per-address rate limit, and an old, weaker password hash is re-hashed at
/// today's strength when its owner signs in.</summary>
public sealed class SignInTests
{
    [Theory]
    [InlineData("/attesten?status=Overdue", "/attesten?status=Overdue")]
    [InlineData("/", "/")]
    [InlineData("/\t/evil.example", "/")]   // browsers drop the tab: //evil.example
    [InlineData("/\n/evil.example", "/")]
    [InlineData("/\r/evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/a\\b", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("", "/")]
    public void AReturnUrl_IsFollowedOnlyWhenItIsAPathOnThisSite(string returnUrl, string followed) =>
        Assert.Equal(followed, StatuutHub.Host.Dashboard.SignInPages.LocalOrRoot(returnUrl));

    [Fact]
    public async Task FiveFailures_LockTheName_EvenForTheRightPassword_UntilTheLockExpires()
    {
        await using var hub = await TestHub.StartAsync("--Security:SignIn:MaxFailures=5", "--Security:SignIn:LockoutDuration=00:15:00");
        using var form = new SignInForm(hub.Hub.BaseAddress);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await form.PostAsync(DemoCredentials.OperatorUser, "guess-" + i)).StatusCode);
        }

        var locked = await form.PostAsync(DemoCredentials.OperatorUser, DemoCredentials.OperatorPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("id=\"sign-in-locked\"", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        hub.Time.Advance(TimeSpan.FromMinutes(15));
        var signedIn = await form.PostAsync(DemoCredentials.OperatorUser, DemoCredentials.OperatorPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("statuut.staff=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownName_IsAnsweredExactlyLikeAKnownOne_WrongPasswordThenLocked()
    {
        await using var hub = await TestHub.StartAsync("--Security:SignIn:MaxFailures=2");
        using var form = new SignInForm(hub.Hub.BaseAddress);
        async Task<(HttpStatusCode, string)> TryAsync(string user)
        {
            using var answer = await form.PostAsync(user, "wrong");
            var html = await answer.Content.ReadAsStringAsync();
            return (answer.StatusCode, html.Contains("sign-in-locked", StringComparison.Ordinal) ? "locked" : html.Contains("sign-in-failed", StringComparison.Ordinal) ? "failed" : "other");
        }

        foreach (var user in new[] { DemoCredentials.ViewerUser, "nobody-here" })
        {
            Assert.Equal((HttpStatusCode.Unauthorized, "failed"), await TryAsync(user));
            Assert.Equal((HttpStatusCode.Unauthorized, "locked"), await TryAsync(user)); // this failure locks, and says so
            Assert.Equal((HttpStatusCode.Unauthorized, "locked"), await TryAsync(user));
        }
    }

    [Fact]
    public async Task TheSignInForm_HasItsOwnRateLimitPerAddress()
    {
        await using var hub = await TestHub.StartAsync("--Security:SignIn:PermitsPerMinute=3", "--Security:SignIn:MaxFailures=100");
        using var form = new SignInForm(hub.Hub.BaseAddress);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await form.PostAsync("someone", "wrong")).StatusCode);
        }

        var limited = await form.PostAsync(DemoCredentials.OperatorUser, DemoCredentials.OperatorPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        // Only the form: the rest of the hub answers this address as before.
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("health/live")).StatusCode);
    }

    [Fact]
    public async Task AnOldHash_IsVerified_ThenReHashedAtTodaysStrength_AndTheUpgradeIsUsedNextTime()
    {
        var old = CredentialHash.HashPassword("anna-password-2019", 10_000);
        await using var hub = await TestHub.StartAsync("--Security:Staff:anna:Role=viewer", $"--Security:Staff:anna:PasswordHash={old}");
        using var form = new SignInForm(hub.Hub.BaseAddress);
        var upgrades = hub.Hub.App.Services.GetRequiredService<IStaffPasswords>();

        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync("anna", "anna-password-2019")).StatusCode);
        var upgraded = await upgrades.UpgradedPasswordHashAsync("anna", CredentialHash.Fingerprint(old), default);
        Assert.NotNull(upgraded);
        Assert.StartsWith($"pbkdf2-sha256${CredentialHash.DefaultIterations}$", upgraded, StringComparison.Ordinal);
        Assert.False(CredentialHash.NeedsUpgrade(upgraded));
        Assert.True(CredentialHash.VerifyPassword("anna-password-2019", upgraded));

        Assert.Equal(HttpStatusCode.Redirect, (await form.PostAsync("anna", "anna-password-2019")).StatusCode);
        Assert.Equal(upgraded, await upgrades.UpgradedPasswordHashAsync("anna", CredentialHash.Fingerprint(old), default)); // not re-hashed again
        Assert.Equal(HttpStatusCode.Unauthorized, (await form.PostAsync("anna", "wrong")).StatusCode);
    }
}
