using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace StatuutHub.Cli;

/// <summary>Which hub, and the key to present to it.</summary>
public sealed record HubTarget(Uri Address, string? Key)
{
    /// <summary>--hub, else STATUUT_HUB, else the local default; --key, else STATUUT_KEY.</summary>
    public static HubTarget Resolve(string? hub, string? key)
    {
        var text = hub ?? Environment.GetEnvironmentVariable("STATUUT_HUB") ?? "http://127.0.0.1:5080/";
        return new HubTarget(new Uri(text.EndsWith('/') ? text : text + "/"), key ?? Environment.GetEnvironmentVariable("STATUUT_KEY"));
    }
}

/// <summary>The hub refused the key (401) or the key's role (403): said plainly instead of as a JSON dump.</summary>
public sealed class HubRefusedKeyException(string message) : Exception(message);

/// <summary>The hub's REST and admin API as the CLI uses it.</summary>
public sealed class HubClient(HubTarget target) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = target.Address, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, HttpContent? content = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (!string.IsNullOrEmpty(target.Key))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Key);
        }

        using var response = await _http.SendAsync(request, ct);
        switch ((int)response.StatusCode)
        {
            case 401:
                throw new HubRefusedKeyException(string.IsNullOrEmpty(target.Key)
                    ? "De hub vraagt een sleutel / the hub needs a key: give --key or set STATUUT_KEY."
                    : "De hub kent deze sleutel niet / the hub does not know this key (401).");
            case 403 when path.Contains("/admin/", StringComparison.Ordinal):
                throw new HubRefusedKeyException("Deze sleutel mag dit niet / this key may not do this (403): reading needs a viewer or operator key, retry and replay an operator key.");
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body);
    }

    public Task<(int Status, JsonElement Body)> GetAsync(string path, CancellationToken ct = default) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<(int Status, JsonElement Body)> PostJsonAsync<T>(string path, T value, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, path, JsonContent.Create(value), ct);

    public void Dispose() => _http.Dispose();
}
