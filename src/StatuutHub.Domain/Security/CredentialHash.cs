using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StatuutHub.Domain.Security;

/// <summary>How credentials are stored: never in clear. API keys are long random tokens, so one SHA-256
/// is enough and keeps the per-request check cheap; staff passwords are chosen by people, so they get a
/// salted, slow PBKDF2 and are checked only at sign-in.</summary>
public static class CredentialHash
{
    public const string KeyPrefix = "sha256:";
    public const string PasswordPrefix = "pbkdf2-sha256$";
    /// <summary>OWASP's Password Storage Cheat Sheet (2023) for PBKDF2-HMAC-SHA256; hashes with fewer are verified and
    /// re-hashed at sign-in (<see cref="NeedsUpgrade"/>).</summary>
    public const int DefaultIterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>A new API key: 32 random bytes, URL-safe base64, prefixed so a leaked key is recognisable.</summary>
    public static string NewKey() =>
        "shk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of an API key: <c>sha256:&lt;64 hex&gt;</c>.</summary>
    public static string HashKey(string key) =>
        KeyPrefix + Sha256Text.HexOf(key);

    /// <summary>The stored form of a password: <c>pbkdf2-sha256$iterations$salt$hash</c> (base64).</summary>
    public static string HashPassword(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{PasswordPrefix}{iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Checks a password against its stored form in constant time; false for a malformed stored form.</summary>
    public static bool VerifyPassword(string password, string stored)
    {
        if (!TryReadPassword(stored, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True for a well-formed password hash made with fewer than <see cref="DefaultIterations"/>.</summary>
    public static bool NeedsUpgrade(string stored) => TryReadPassword(stored, out var iterations, out _, out _) && iterations < DefaultIterations;

    /// <summary>A fingerprint of a stored hash (SHA-256, hex): names it without repeating it.</summary>
    public static string Fingerprint(string stored) => Sha256Text.HexOf(stored);

    public static bool IsKeyHash(string? stored) =>
        stored is { Length: 71 } && stored.StartsWith(KeyPrefix, StringComparison.Ordinal) && stored[7..].All(char.IsAsciiHexDigitLower);

    public static bool IsPasswordHash(string? stored) => stored is not null && TryReadPassword(stored, out _, out _, out _);

    private static bool TryReadPassword(string stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != PasswordPrefix.TrimEnd('$')
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 10_000)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= 8 && hash.Length >= 16;
    }
}
