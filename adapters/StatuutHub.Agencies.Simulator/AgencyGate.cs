using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WireMock;
using WireMock.ResponseBuilders;
using WireMock.Types;
using WireMock.Util;

namespace StatuutHub.Agencies.Simulator;

/// <summary>A simulated agency's front door: checks the hub's credential on every message (401 without the right one, 403
/// for a wrong client certificate), and hands out OAuth2 tokens at <see cref="TokenPath"/>.</summary>
public sealed class AgencyGate(AgencyCredentials required)
{
    public const string TokenPath = "/oauth2/token";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private int _issued;
    private int _refused;

    public AgencyCredentials Required { get; } = required;

    /// <summary>How long an issued token is valid (real time).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tokens handed out.</summary>
    public int TokensIssued => Volatile.Read(ref _issued);

    /// <summary>Messages refused for a missing or wrong credential.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Forgets every issued token, as an agency that rotates its signing key does.</summary>
    public void RevokeTokens() => _tokens.Clear();

    /// <summary>Null when the request carries what the agency demands; otherwise the refusal.</summary>
    public ResponseMessage? Check(IRequestMessage request)
    {
        if (Required.ClientCertificateThumbprint is { } pin
            && !string.Equals(request.ClientCertificate is null ? null : Convert.ToHexString(SHA256.HashData(request.ClientCertificate.RawData)), pin, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(HttpStatusCode.Forbidden, "invalid_client_certificate", "client certificate missing or not registered");
        }

        if (Required.ApiKey is { } key && Header(request, "X-Api-Key") != key)
        {
            return Refuse(HttpStatusCode.Unauthorized, "invalid_api_key", "API key missing or wrong");
        }

        if (Required.ClientId is not null)
        {
            var bearer = Header(request, "Authorization");
            var token = bearer?.StartsWith("Bearer ", StringComparison.Ordinal) == true ? bearer[7..] : null;
            if (token is null || !_tokens.TryGetValue(token, out var expires) || expires <= DateTimeOffset.UtcNow)
            {
                return Refuse(HttpStatusCode.Unauthorized, "invalid_token", "bearer token missing, unknown or expired");
            }
        }

        return null;
    }

    /// <summary>The token endpoint (RFC 6749 §4.4): client authenticated with HTTP Basic or in the form.</summary>
    public ResponseMessage IssueToken(IRequestMessage request)
    {
        var form = Form(request.Body ?? string.Empty);
        var (id, secret) = BasicCredentials(Header(request, "Authorization")) ?? (form.GetValueOrDefault("client_id"), form.GetValueOrDefault("client_secret"));
        if (form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            return Json(HttpStatusCode.BadRequest, new { error = "unsupported_grant_type" });
        }

        if (Required.ClientId is null || id != Required.ClientId || secret != Required.ClientSecret)
        {
            return Json(HttpStatusCode.Unauthorized, new { error = "invalid_client" });
        }

        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = DateTimeOffset.UtcNow + TokenLifetime;
        Interlocked.Increment(ref _issued);
        return Json(HttpStatusCode.OK, new { access_token = token, token_type = "Bearer", expires_in = (int)TokenLifetime.TotalSeconds });
    }

    private ResponseMessage Refuse(HttpStatusCode status, string error, string description)
    {
        Interlocked.Increment(ref _refused);
        var answer = Json(status, new { error, error_description = description });
        answer.Headers!["WWW-Authenticate"] = new WireMockList<string>($"Bearer error=\"{error}\"");
        return answer;
    }

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static (string?, string?)? BasicCredentials(string? authorization)
    {
        if (authorization?.StartsWith("Basic ", StringComparison.Ordinal) != true)
        {
            return null;
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..])).Split(':', 2);
        return pair.Length == 2 ? (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1])) : null;
    }

    private static Dictionary<string, string> Form(string body) => body.Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(p => p.Split('=', 2))
        .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length == 2 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : string.Empty, StringComparer.Ordinal);

    private static ResponseMessage Json(HttpStatusCode status, object body) => new()
    {
        StatusCode = (int)status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new("application/json") },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = JsonSerializer.Serialize(body), Encoding = Encoding.UTF8 },
    };
}
