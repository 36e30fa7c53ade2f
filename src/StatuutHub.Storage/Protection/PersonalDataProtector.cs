using System.Security.Cryptography;
using System.Text;

namespace StatuutHub.Storage.Protection;

/// <summary>Personal data at rest. A stored attest version is sealed whole (AES-256-GCM, a fresh 96-bit nonce per write, the key id
/// bound as associated data) as <c>pd1:{keyId}:{base64(nonce ‖ tag ‖ ciphertext)}</c>, so the INSZ, names and birth date are never
/// in the database in clear; the INSZ column holds <c>h1:{base64url(HMAC-SHA256(lookup key, "insz:" + INSZ))}</c>, which finds the
/// same person's attests (overlap checks, search, locks) without revealing the number. Several keys may be configured so old rows
/// stay readable while <see cref="CurrentKeyId"/> takes over (rotation re-seals them in the background).</summary>
public sealed class PersonalDataProtector
{
    /// <summary>The mark of sealed content.</summary>
    public const string SealedPrefix = "pd1:";

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

    /// <summary>Seals <paramref name="clear"/> with the current key.</summary>
    public string Seal(string clear)
    {
        var plain = Encoding.UTF8.GetBytes(clear);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        var aes = _ciphers[CurrentKeyId];
        lock (aes)
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), Associated(CurrentKeyId));
        }

        return CurrentPrefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Set once a pass has sealed every row with the current key: from then on content in clear can only have been put
    /// there behind the hub's back (someone writing the database), and <see cref="Open"/> refuses it.</summary>
    public bool RefusesClearContent { get; private set; }

    /// <summary>Every row is sealed (a pass with the current key completed): refuse content in clear from now on.</summary>
    public void RefuseClearContent() => RefusesClearContent = true;

    /// <summary>Opens what <see cref="Seal"/> wrote with any configured key. Content written before protection existed (no
    /// prefix) is returned as it is, until a pass has sealed every row (<see cref="RefusesClearContent"/>).</summary>
    /// <exception cref="CryptographicException">The content was changed, sealed with a key that is no longer configured, or is in
    /// clear in a store that is sealed throughout.</exception>
    public string Open(string stored)
    {
        if (!stored.StartsWith(SealedPrefix, StringComparison.Ordinal))
        {
            return RefusesClearContent
                ? throw new CryptographicException("Personal data in clear in a store whose rows are all sealed: written behind the hub's back, refused.")
                : stored;
        }

        var rest = stored.AsSpan(SealedPrefix.Length);
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
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, Associated(keyId));
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

    private static byte[] Associated(string keyId) => Encoding.UTF8.GetBytes(SealedPrefix + keyId);
}
