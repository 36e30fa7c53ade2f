using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace StatuutHub.Tests.Shared.Broker;

/// <summary>An Azure Service Bus shared access signature: <c>SharedAccessSignature sr={resource}&amp;sig={signature}&amp;se={expiry}&amp;skn={keyName}</c>,
/// the signature being base64 HMAC-SHA256 over the URL-encoded resource, a newline and the expiry in Unix seconds.</summary>
public static class SharedAccessSignature
{
    /// <summary>A token for <paramref name="resource"/> (e.g. <c>sb://ns.servicebus.windows.net/statuut.rva</c>) valid until <paramref name="expiresAt"/>.</summary>
    public static string Create(string keyName, string key, string resource, DateTimeOffset expiresAt)
    {
        var encoded = WebUtility.UrlEncode(resource);
        var expiry = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encoded + "\n" + expiry)));
        return $"SharedAccessSignature sr={encoded}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={WebUtility.UrlEncode(keyName)}";
    }
}
