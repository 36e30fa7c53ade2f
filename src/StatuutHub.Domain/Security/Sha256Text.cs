using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace StatuutHub.Domain.Security;

/// <summary>SHA-256 over text's UTF-8 bytes, as lower-case hex. One hasher is kept per thread and reset after each hash: the
/// one-shot <see cref="SHA256.HashData(byte[])"/> makes and frees an OpenSSL context each call, which a hub that hashes each audit
/// event and each request's key pays for several times an attest.</summary>
public static class Sha256Text
{
    private const int StackBytes = 1024;

    [ThreadStatic]
    private static IncrementalHash? t_hasher;

    public static string HexOf(string text)
    {
        var hasher = t_hasher ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = max > StackBytes ? ArrayPool<byte>.Shared.Rent(max) : null;
        try
        {
            Span<byte> bytes = rented ?? stackalloc byte[StackBytes];
            hasher.AppendData(bytes[..Encoding.UTF8.GetBytes(text, bytes)]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            hasher.GetHashAndReset(hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
