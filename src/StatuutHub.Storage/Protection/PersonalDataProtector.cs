using System.Security.Cryptography;
using System.Text;

namespace StatuutHub.Storage.Protection;

/// <summary>Personal data at rest. A stored attest version is sealed whole (AES-256-GCM, a fresh 96-bit nonce per write, the key id
/// and the row it is written to — table and key, e.g. <c>attest_versions/{id}/{version}</c> — bound as associated data) as
/// <c>pd2:{keyId}:{base64(nonce ‖ tag ‖ ciphertext)}</c>, so the INSZ, names and birth date are never in the database in clear, and a
/// sealed value copied onto another row does not open there. Values sealed before rows were bound (<c>pd1:</c>, the key id only)
/// still open until the re-sealing pass moves them to <c>pd2:</c>; the INSZ column holds <c>h1:{base64url(HMAC-SHA256(lookup key, "insz:" + INSZ))}</c>, which finds the
/// same person's attests (overlap checks, search, locks) without revealing the number. Several keys may be configured so old rows
/// stay readable while <see cref="CurrentKeyId"/> takes over (rotation re-seals them in the background).</summary>
public sealed class PersonalDataProtector
{
    /// <summary>The mark of sealed content, bound to its row.</summary>
    public const string SealedPrefix = "pd2:";

    /// <summary>The mark of content sealed before rows were bound (the key id only in the associated data).</summary>
    public const string UnboundPrefix = "pd1:";

    /// <summary>The mark of an INSZ lookup hash.</summary>
    public const string LookupPrefix = "h1:";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    // One cipher per key and one HMAC for the look-up, each used under its own lock: making them per call set up an OpenSSL
    // context (and looked the algorithm up) for each seal, open and look-up, several times an attest.
    private readonly Dictionary<string, AesGcm> _ciphers;
    private readonly IncrementalHash _lookupHmac;

    /// <param name="keys">Encryption keys by id, 32 bytes each.</param>
    /// <param name="currentKeyId">The key new writes use.</param>
    /// <param name="lookupKey">The HMAC key of the INSZ look-up hash (at least 32 bytes; changing it needs a rewrite of every row).</param>
    public PersonalDataProtector(IReadOnlyDictionary<string, byte[]> keys, string currentKeyId, byte[] lookupKey)
    {
        _ciphers = keys.ToDictionary(k => k.Key, k => k.Value.Length == 32 ? new AesGcm(k.Value, TagBytes) : throw new ArgumentException($"Key '{k.Key}' must be 32 bytes (AES-256)."), StringComparer.Ordinal);
        if (!_ciphers.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"The current key '{currentKeyId}' is not among the keys.", nameof(currentKeyId));
        }

        if (lookupKey.Length < 32)
        {
            throw new ArgumentException("The look-up key must be at least 32 bytes.", nameof(lookupKey));
        }

        CurrentKeyId = currentKeyId;
        _lookupHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, lookupKey);
    }

    /// <summary>The key id new writes are sealed with.</summary>
    public string CurrentKeyId { get; }

    /// <summary>The prefix of content sealed with the current key (what rotation leaves alone).</summary>
    public string CurrentPrefix => $"{SealedPrefix}{CurrentKeyId}:";

    /// <summary>The row name of an attest version, bound into its seal.</summary>
    public static string AttestVersionRow(string attestId, int version) => $"attest_versions/{attestId}/{version}";

    /// <summary>The row name of an initiative's callback secret, bound into its seal.</summary>
    public static string CallbackSecretRow(string initiativeKbo) => $"callback_subscriptions/{initiativeKbo}";

    /// <summary>Seals <paramref name="clear"/> with the current key, for the row named <paramref name="row"/>.</summary>
    public string Seal(string clear, string row)
    {
        var plain = Encoding.UTF8.GetBytes(clear);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        var aes = _ciphers[CurrentKeyId];
        lock (aes)
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Associated(SealedPrefix, CurrentKeyId, row));
        }

        return CurrentPrefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Set once a pass has sealed every row with the current key: from then on content in clear can only have been put
    /// there behind the hub's back (someone writing the database), and <see cref="Open"/> refuses it.</summary>
    public bool RefusesClearContent { get; private set; }

    /// <summary>Every row is sealed (a pass with the current key completed): refuse content in clear from now on.</summary>
    public void RefuseClearContent() => RefusesClearContent = true;

    /// <summary>True for content sealed by <see cref="Seal"/> (bound to its row or, from before that, not).</summary>
    public static bool IsSealed(string stored) =>
        stored.StartsWith(SealedPrefix, StringComparison.Ordinal) || stored.StartsWith(UnboundPrefix, StringComparison.Ordinal);

    /// <summary>Opens <paramref name="stored"/> and seals it again with the current key for the same row (key rotation, pd1 → pd2).</summary>
    public string Reseal(string stored, string row) => Seal(Open(stored, row), row);

    /// <summary>Opens what <see cref="Seal"/> wrote with any configured key. Content written before protection existed (no
    /// prefix) is returned as it is, until a pass has sealed every row (<see cref="RefusesClearContent"/>).</summary>
    /// <exception cref="CryptographicException">The content was changed, sealed for another row, sealed with a key that is no longer
    /// configured, or is in clear in a store that is sealed throughout.</exception>
    public string Open(string stored, string row)
    {
        var prefix = stored.StartsWith(SealedPrefix, StringComparison.Ordinal) ? SealedPrefix
            : stored.StartsWith(UnboundPrefix, StringComparison.Ordinal) ? UnboundPrefix : null;
        if (prefix is null)
        {
            return RefusesClearContent
                ? throw new CryptographicException("Personal data in clear in a store whose rows are all sealed: written behind the hub's back, refused.")
                : stored;
        }

        var rest = stored.AsSpan(prefix.Length);
        var colon = rest.IndexOf(':');
        var keyId = colon > 0 ? rest[..colon].ToString() : throw new CryptographicException("Sealed content without a key id.");
        if (!_ciphers.TryGetValue(keyId, out var aes))
        {
            throw new CryptographicException($"Personal data sealed with key '{keyId}', which is not configured (Storage:PersonalData:Keys).");
        }

        var sealedBytes = Convert.FromBase64String(rest[(colon + 1)..].ToString());
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        lock (aes)
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain,
                Associated(prefix, keyId, prefix == SealedPrefix ? row : null));
        }

        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The look-up hash of an INSZ (digits only).</summary>
    public string Lookup(string insz)
    {
        var text = Encoding.UTF8.GetBytes("insz:" + insz);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        lock (_lookupHmac)
        {
            _lookupHmac.AppendData(text);
            _lookupHmac.GetHashAndReset(mac);
        }

        return LookupPrefix + Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The associated data: the format and key id, and for bound content the row (unbound content had the first two only).</summary>
    private static byte[] Associated(string prefix, string keyId, string? row) =>
        Encoding.UTF8.GetBytes(row is null ? prefix + keyId : $"{prefix}{keyId}\n{row}");
}
