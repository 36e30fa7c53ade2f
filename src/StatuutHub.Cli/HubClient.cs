using System.Net.Http.Json;
using System.Text.Json;

namespace StatuutHub.Cli;

/// <summary>The hub's REST and admin API as the CLI uses it.</summary>
public sealed class HubClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>--hub, else STATUUT_HUB, else the local default.</summary>
    public static Uri Resolve(string? option)
    {
        var text = option ?? Environment.GetEnvironmentVariable("STATUUT_HUB") ?? "http://127.0.0.1:5080/";
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, HttpContent? content = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Operator", Environment.UserName);
        using var response = await _http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, body);
    }

    public Task<(int Status, JsonElement Body)> GetAsync(string path, CancellationToken ct = default) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<(int Status, JsonElement Body)> PostJsonAsync<T>(string path, T value, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, path, JsonContent.Create(value), ct);

    public void Dispose() => _http.Dispose();
}
