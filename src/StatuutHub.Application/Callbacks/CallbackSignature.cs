using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StatuutHub.Application.Callbacks;

/// <summary>How the hub signs a callback: header <c>StatuutHub-Signature: t={unix seconds},v1={hex HMAC-SHA256}</c> over
/// <c>"{t}.{body}"</c> with the initiative's secret. The time is inside what is signed, so a receiver that refuses a <c>t</c>
/// older than its replay window (five minutes is advised) refuses a recorded request replayed later; each attempt signs anew.</summary>
public static class CallbackSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string Header = "StatuutHub-Signature";

    /// <summary>The header that carries the event's id (the same on every attempt: de-duplicate on it).</summary>
    public const string EventIdHeader = "StatuutHub-Event-Id";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="at"/>.</summary>
    public static string Sign(string secret, string body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>A new secret: 32 random bytes, base64url.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
