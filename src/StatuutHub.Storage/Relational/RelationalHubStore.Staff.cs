using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Staff passwords upgraded at sign-in (<see cref="IStaffPasswords"/>).</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<string?> UpgradedPasswordHashAsync(string user, string configuredFingerprint, CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var rows = await Db.ReadAllAsync(connection, null,
            "SELECT password_hash FROM staff_password_upgrades WHERE user_name = @user AND configured_fingerprint = @fingerprint",
            r => r.Text("password_hash"), ct, ("@user", user), ("@fingerprint", configuredFingerprint));
        return rows.Count == 0 ? null : rows[0];
    }

    /// <inheritdoc />
    public Task SaveUpgradedPasswordHashAsync(string user, string configuredFingerprint, string passwordHash, DateTimeOffset at, CancellationToken ct) =>
        Db.WriteAsync((connection, tx, ct) => Db.ExecAsync(connection, tx, """
            INSERT INTO staff_password_upgrades (user_name, configured_fingerprint, password_hash, upgraded_at)
            VALUES (@user, @fingerprint, @hash, @at)
            ON CONFLICT (user_name) DO UPDATE SET configured_fingerprint = @fingerprint, password_hash = @hash, upgraded_at = @at
            """, ct, ("@user", user), ("@fingerprint", configuredFingerprint), ("@hash", passwordHash), ("@at", at)), ct);
}
