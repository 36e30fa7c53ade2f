using StatuutHub.Domain.Security;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Security;

/// <summary>The outcome of a sign-in: the staff member, or refused, or locked until a moment.</summary>
public sealed record SignInOutcome(HubCaller? Caller, DateTimeOffset? LockedUntil)
{
    public static readonly SignInOutcome Refused = new(null, null);
}

/// <summary>Checks the password of a staff member or a person of an initiative. An unknown user name costs the same PBKDF2 work as a known one (no timing
/// tells which names exist); a locked name is refused without a check; a hash made with fewer rounds than today's is
/// re-hashed after a successful check and kept in the store (<see cref="IStaffPasswords"/>), since the configured one
/// cannot be rewritten.</summary>
public sealed class PasswordSignIn(CredentialDirectory directory, IStaffPasswords upgrades, SignInLockout lockout, TimeProvider time, ILogger<PasswordSignIn> logger)
{
    // Made once at today's strength from a random password nobody knows: the work an unknown user name costs.
    private static readonly Lazy<string> Decoy = new(() => CredentialHash.HashPassword(CredentialHash.NewKey()));

    public async Task<SignInOutcome> SignInAsync(string user, string password, CancellationToken ct)
    {
        if (lockout.LockedUntil(user) is { } locked)
        {
            return new SignInOutcome(null, locked);
        }

        var configured = directory.PasswordHashOf(user);
        var fingerprint = configured is null ? null : CredentialHash.Fingerprint(configured);
        var hash = configured is null ? Decoy.Value : await upgrades.UpgradedPasswordHashAsync(user, fingerprint!, ct) ?? configured;
        if (!CredentialHash.VerifyPassword(password, hash) || configured is null || directory.SignInCallerOf(user) is not { } caller)
        {
            return new SignInOutcome(null, lockout.Failed(user));
        }

        lockout.Succeeded(user);
        if (CredentialHash.NeedsUpgrade(hash) && !directory.IsDemoStaff(user))
        {
            await upgrades.SaveUpgradedPasswordHashAsync(user, fingerprint!, CredentialHash.HashPassword(password), time.GetUtcNow(), ct);
            logger.LogInformation("Password hash of {User} re-hashed at {Iterations} PBKDF2 rounds", user, CredentialHash.DefaultIterations);
        }

        return new SignInOutcome(caller, null);
    }
}
