using System.Security.Cryptography;
using System.Text;

namespace StatuutHub.Broker;

/// <summary>How an agency proves that a decision on the shared decisions queue is its own: application property
/// <c>statuut-agency</c> names it, <c>statuut-seal</c> is base64 HMAC-SHA256 over "{agency}\n" and the body's bytes, keyed with
/// the secret that agency alone shares with the hub. Another agency can put a message on the queue, but cannot seal it in
/// someone else's name; the seal also binds the body, so a changed decision no longer matches. The hub seals what it puts on an
/// agency's queue the same way with the same key, in the name <see cref="FromHub"/> ("hub:{agency}"), so the agency can check
/// that a message came from the hub unchanged, and a hub message cannot be passed off as the agency's decision.</summary>
public static class DecisionSeal
{
    /// <summary>The application property naming the agency.</summary>
    public const string AgencyProperty = "statuut-agency";

    /// <summary>The application property holding the seal.</summary>
    public const string SealProperty = "statuut-seal";

    /// <summary>The name the hub seals its messages to <paramref name="agency"/> in.</summary>
    public static string FromHub(string agency) => "hub:" + agency;

    /// <summary>The seal of <paramref name="body"/> in <paramref name="agency"/>'s name.</summary>
    public static string Compute(string key, string agency, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(agency + "\n");
        var sealedBytes = new byte[prefix.Length + body.Length];
        prefix.CopyTo(sealedBytes, 0);
        body.CopyTo(sealedBytes.AsSpan(prefix.Length));
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), sealedBytes));
    }

    /// <summary>True when <paramref name="seal"/> is <paramref name="agency"/>'s seal of <paramref name="body"/> (compared in constant time).</summary>
    public static bool Verify(string key, string agency, ReadOnlySpan<byte> body, string? seal)
    {
        if (seal is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(key, agency, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(seal));
    }
}
