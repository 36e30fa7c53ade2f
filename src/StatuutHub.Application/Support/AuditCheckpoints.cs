using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Support;

/// <summary>The <c>Audit</c> section: the key that signs checkpoints (base64, at least 32 bytes) and its id, and the keys that signed
/// older checkpoints by their ids (<c>Audit:PreviousCheckpointKeys:k1</c>), so a checkpoint kept from before a rotation still verifies.</summary>
public sealed class AuditOptions
{
    public string? CheckpointKey { get; set; }

    public string CheckpointKeyId { get; set; } = "k1";

    public Dictionary<string, string> PreviousCheckpointKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The current key's bytes, or null when none is configured (or it is not base64 of at least 32 bytes).</summary>
    public byte[]? KeyBytes() => Decode(CheckpointKey);

    /// <summary>The bytes of the key with this id (the current one or a previous one), or null when none is known by it.</summary>
    public byte[]? KeyBytes(string keyId) =>
        keyId == CheckpointKeyId ? KeyBytes() : PreviousCheckpointKeys.TryGetValue(keyId, out var previous) ? Decode(previous) : null;

    private static byte[]? Decode(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(key);
            return bytes.Length >= 32 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A signed record of every audit chain's head at one moment, to be kept outside the database.</summary>
public sealed record AuditCheckpoint(string KeyId, DateTimeOffset CreatedAt, IReadOnlyList<ChainHead> Heads, string Signature);

/// <summary>What checking a checkpoint against the store found: whether its signature holds, and the first chain whose head it
/// recorded is gone or different (a chain rewritten from a changed event to its end keeps its links, but not its old head).</summary>
public sealed record CheckpointVerification(bool SignatureValid, int ChainsChecked, ChainHead? FirstChanged, string? Reason)
{
    public bool Intact => SignatureValid && FirstChanged is null;
}

/// <summary>Audit anchoring: sign the heads of the audit chains with a key the database does not hold, export the checkpoint,
/// and later check the store against it. Someone who can write the database can rewrite a chain consistently, but cannot
/// make its old head come back, nor forge a checkpoint without the key.</summary>
public sealed class AuditCheckpoints(IAuditTrail trail, Microsoft.Extensions.Options.IOptions<AuditOptions> options, TimeProvider time)
{
    public bool Configured => options.Value.KeyBytes() is not null;

    public async Task<AuditCheckpoint> CreateAsync(CancellationToken ct)
    {
        var heads = await trail.ChainHeadsAsync(ct);
        var at = time.GetUtcNow();
        var keyId = options.Value.CheckpointKeyId;
        return new AuditCheckpoint(keyId, at, heads, Sign(options.Value.KeyBytes() ?? throw new InvalidOperationException("Audit:CheckpointKey is not configured."), keyId, at, heads));
    }

    /// <summary>Checks a checkpoint with the key it names (current or previous): a checkpoint from before a key rotation still verifies.</summary>
    public async Task<CheckpointVerification> VerifyAsync(AuditCheckpoint checkpoint, CancellationToken ct)
    {
        if (options.Value.KeyBytes(checkpoint.KeyId ?? string.Empty) is not { } key)
        {
            return new CheckpointVerification(false, 0, null,
                $"geen sleutel met id '{checkpoint.KeyId}' (Audit:CheckpointKeyId of Audit:PreviousCheckpointKeys) / no key with id '{checkpoint.KeyId}' is configured");
        }

        var expected = Sign(key, checkpoint.KeyId!, checkpoint.CreatedAt, checkpoint.Heads);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(checkpoint.Signature ?? string.Empty)))
        {
            return new CheckpointVerification(false, 0, null, "de handtekening klopt niet: het checkpoint is gewijzigd of met een andere sleutel gemaakt / the signature does not match");
        }

        var checkedChains = 0;
        foreach (var head in checkpoint.Heads)
        {
            checkedChains++;
            var hash = await trail.EventHashAsync(head.Sequence, ct);
            if (hash != head.Hash)
            {
                return new CheckpointVerification(true, checkedChains, head, hash is null
                    ? $"event {head.Sequence} is verdwenen sinds het checkpoint / was removed since the checkpoint"
                    : $"event {head.Sequence} is gewijzigd sinds het checkpoint (de keten werd herschreven) / was changed since the checkpoint (the chain was rewritten)");
            }
        }

        return new CheckpointVerification(true, checkedChains, null, null);
    }

    private static string Sign(byte[] key, string keyId, DateTimeOffset at, IReadOnlyList<ChainHead> heads)
    {
        var text = new StringBuilder(keyId).Append('\u001e').Append(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        foreach (var h in heads)
        {
            text.Append('\u001e').Append(h.AttestId).Append('\u001f').Append(h.DeliveryId?.ToString(CultureInfo.InvariantCulture))
                .Append('\u001f').Append(h.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\u001f').Append(h.Hash);
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text.ToString())));
    }
}
