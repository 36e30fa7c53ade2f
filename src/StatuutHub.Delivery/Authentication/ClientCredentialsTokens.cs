using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Delivery.Authentication;

/// <summary>OAuth2 access tokens (client-credentials grant, RFC 6749 §4.4) per destination: fetched once, shared by every
/// call, renewed <see cref="OutboundAuthenticationOptions.TokenRefreshMargin"/> before they expire, and fetched by one caller
/// at a time (the others wait for it) so a burst of sends asks for one token, not for hundreds.</summary>
public sealed class ClientCredentialsTokens(IHttpClientFactory http, IOptionsMonitor<DestinationOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>The named HttpClient of a destination's token endpoint (same client certificate as its messages).</summary>
    public static string ClientName(string destination) => $"statuut-token-{destination}";

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>Tokens fetched since start, per destination (for the metrics and the tests).</summary>
    public int Fetched(string destination) => _slots.TryGetValue(destination, out var slot) ? slot.Fetched : 0;

    /// <summary>A token that is valid now.</summary>
    public Task<string> GetAsync(string destination, CancellationToken ct) => GetAsync(destination, stale: null, ct);

    /// <summary>A token other than <paramref name="stale"/>, which the agency refused (revoked, or expired early).</summary>
    public Task<string> RenewAsync(string destination, string stale, CancellationToken ct) => GetAsync(destination, stale, ct);

    private async Task<string> GetAsync(string destination, string? stale, CancellationToken ct)
    {
        var slot = _slots.GetOrAdd(destination, _ => new Slot());
        var auth = options.Get(destination).Authentication;
        bool Usable(Token? token) => token is not null && token.Value != stale && time.GetUtcNow() < token.ExpiresAt - auth.TokenRefreshMargin;
        if (slot.Current is { } current && Usable(current))
        {
            return current.Value;
        }

        await slot.Gate.WaitAsync(ct);
        try
        {
            // Another caller may have fetched one while this one waited.
            if (slot.Current is { } fresh && Usable(fresh))
            {
                return fresh.Value;
            }

            slot.Current = await FetchAsync(destination, auth, ct);
            Interlocked.Increment(ref slot.Fetched);
            return slot.Current.Value;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    private async Task<Token> FetchAsync(string destination, OutboundAuthenticationOptions auth, CancellationToken ct)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (!string.IsNullOrEmpty(auth.Scope))
        {
            form["scope"] = auth.Scope;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, auth.TokenEndpoint) { Content = new FormUrlEncodedContent(form) };
        // client_secret_basic (RFC 6749 §2.3.1): id and secret form-url-encoded, then Basic.
        var basic = $"{Uri.EscapeDataString(auth.ClientId!)}:{Uri.EscapeDataString(auth.ClientSecret!)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(ClientName(destination)).SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new DeliveryFailedException($"token endpoint unreachable: {ex.Message}", transient: true, ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
                throw new DeliveryFailedException(transient
                    ? $"token endpoint answered {status}: try again later"
                    : $"the token endpoint refused the hub's client credentials ({status} {ErrorOf(body)}): check Destinations:{destination}:Authentication", transient);
            }

            try
            {
                using var json = JsonDocument.Parse(body);
                var value = json.RootElement.GetProperty("access_token").GetString() ?? throw new FormatException("access_token is null");
                // expires_in is only RECOMMENDED (§5.1): without it, assume five minutes.
                var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 300;
                return new Token(value, time.GetUtcNow().AddSeconds(lifetime));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
            {
                throw new DeliveryFailedException($"the token endpoint's answer has no access_token: {ex.Message}", transient: true, ex);
            }
        }
    }

    private static string ErrorOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) ? error.GetString() ?? string.Empty : string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    public void Dispose()
    {
        foreach (var slot in _slots.Values)
        {
            slot.Dispose();
        }
    }

    private sealed record Token(string Value, DateTimeOffset ExpiresAt);

    private sealed class Slot : IDisposable
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public volatile Token? Current;
        public int Fetched;

        public void Dispose() => Gate.Dispose();
    }
}
