using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StatuutHub.Tests.Shared;

/// <summary>An initiative's callback endpoint, written as docs/callbacks.md tells an initiative to: it verifies the signature with its
/// own code (not the hub's), refuses a stale timestamp, de-duplicates on the event id. It can be down (503) or answer slowly.</summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedEvent> _accepted = new();
    private readonly ConcurrentQueue<string> _refused = new();

    private CallbackReceiver(WebApplication app) => _app = app;

    /// <summary>The secret the hub signs with (set after registering).</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>The clock the receiver checks timestamps against (the hub's fake clock in tests).</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>When true every request is answered 503.</summary>
    public bool Down { get; set; }

    /// <summary>Requests that reached the endpoint (also while down).</summary>
    public int Requests;

    /// <summary>Events accepted with a valid signature, each once, in arrival order.</summary>
    public IReadOnlyList<ReceivedEvent> Accepted => [.. _accepted];

    /// <summary>Why requests were refused (bad signature, stale).</summary>
    public IReadOnlyList<string> Refused => [.. _refused];

    public Uri Url => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks/statuut");

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CallbackReceiver(app);
        app.MapPost("/hooks/statuut", receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        Interlocked.Increment(ref Requests);
        if (Down)
        {
            return Results.StatusCode(503);
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        if (!Verify(Secret, request.Headers["StatuutHub-Signature"].ToString(), body, Now(), TimeSpan.FromMinutes(5), out var why))
        {
            _refused.Enqueue(why);
            return Results.StatusCode(401);
        }

        var id = request.Headers["StatuutHub-Event-Id"].ToString();
        if (!_accepted.Any(e => e.Id == id))
        {
            _accepted.Enqueue(new ReceivedEvent(id, JsonDocument.Parse(body).RootElement.Clone()));
        }

        return Results.NoContent();
    }

    /// <summary>The verification an initiative writes (docs/callbacks.md): HMAC-SHA256 over "{t}.{body}", compared in constant time,
    /// and a timestamp inside the replay window.</summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan window, out string why)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            why = "no signature";
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        byte[] given;
        try
        {
            given = Convert.FromHexString(v1);
        }
        catch (FormatException)
        {
            why = "signature not hex";
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            why = "signature does not match";
            return false;
        }

        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > window)
        {
            why = "timestamp outside the replay window";
            return false;
        }

        why = string.Empty;
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An accepted event: its id and its body.</summary>
public sealed record ReceivedEvent(string Id, JsonElement Body)
{
    public string Type => Body.GetProperty("type").GetString()!;

    public Guid AttestId => Body.GetProperty("attest").GetProperty("id").GetGuid();
}
