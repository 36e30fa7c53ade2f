namespace StatuutHub.Storage.Contract;

/// <summary>Staff password hashes re-hashed at today's strength at sign-in. The configured hash stays the source of truth:
/// an upgrade is kept against the fingerprint of the configured hash it replaced, so a new configured hash (a changed
/// password) makes the old upgrade void.</summary>
public interface IStaffPasswords
{
    /// <summary>The upgraded hash of <paramref name="user"/>, if one was made from the configured hash with this fingerprint.</summary>
    Task<string?> UpgradedPasswordHashAsync(string user, string configuredFingerprint, CancellationToken ct);

    /// <summary>Keeps (or replaces) the upgraded hash of <paramref name="user"/>.</summary>
    Task SaveUpgradedPasswordHashAsync(string user, string configuredFingerprint, string passwordHash, DateTimeOffset at, CancellationToken ct);
}
