using System.Net.Http.Json;
using System.Text;
using System.Threading.Channels;
using System.Xml.Linq;
using StatuutHub.Domain.Routing;
using StatuutHub.Agencies.Simulator.Contracts;

namespace StatuutHub.Agencies.Simulator;

/// <summary>Posts the agencies' decisions to the hub's ack endpoint, each after its delay, and keeps
/// trying (with backoff) while the hub is unreachable, as an agency's outbox would. Given several hub processes (scale-out),
/// a decision goes to the next one when one does not answer, so it reaches the shared database whichever is up.</summary>
internal sealed class DecisionSender : IAsyncDisposable
{
    private readonly Channel<(PendingDecision Decision, DateTimeOffset NotBefore)> _queue = Channel.CreateUnbounded<(PendingDecision, DateTimeOffset)>();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;
    private readonly Func<DestinationKind, string> _secretOf;
    private int _pending;
    private int _delivered;

    public DecisionSender(Func<DestinationKind, string> secretOf, int workers = 16)
    {
        _secretOf = secretOf;
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync)).ToArray();
    }

    private volatile Uri[] _hubs = [];
    private int _preferred;

    /// <summary>The hubs' addresses, the preferred first; decisions wait until one is known.</summary>
    public IReadOnlyList<Uri> HubBaseUrls
    {
        get => _hubs;
        set => _hubs = [.. value];
    }

    public int Pending => Volatile.Read(ref _pending);

    /// <summary>The agencies that answer on the broker, and how.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<DestinationKind, DecisionQueue> Queues { get; } = new();

    /// <summary>Called when the hub took the last decision about a message (nothing follows it).</summary>
    public Action<PendingDecision>? Taken { get; set; }

    public int Delivered => Volatile.Read(ref _delivered);

    public void Schedule(PendingDecision decision, TimeSpan delay)
    {
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite((decision, DateTimeOffset.UtcNow + delay));
    }

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var (decision, notBefore) in _queue.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = notBefore - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                await PostWithRetryAsync(decision);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task PostWithRetryAsync(PendingDecision decision)
    {
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!_stop.IsCancellationRequested)
        {
            if (await TryDeliverAsync(decision))
            {
                if (decision.Then is { } next)
                {
                    Schedule(next, decision.ThenAfter); // counted before this one is done, so Pending never dips to 0 between them
                }
                else
                {
                    Taken?.Invoke(decision);
                }

                Interlocked.Decrement(ref _pending);
                Interlocked.Increment(ref _delivered);
                return;
            }

            await Task.Delay(backoff, _stop.Token);
            backoff = TimeSpan.FromMilliseconds(Math.Min(backoff.TotalMilliseconds * 2, 2_000));
        }
    }

    /// <summary>An agency on the broker puts its decision on the decisions queue; the others post it to one hub after the other,
    /// starting at the one that answered last.</summary>
    private async Task<bool> TryDeliverAsync(PendingDecision decision)
    {
        if (Queues.TryGetValue(decision.Agency, out var queue))
        {
            return await queue.TrySendAsync(decision, _stop.Token);
        }

        var hubs = _hubs;
        for (var tried = 0; tried < hubs.Length; tried++)
        {
            var index = (Volatile.Read(ref _preferred) + tried) % hubs.Length;
            if (await TryPostAsync(hubs[index], decision))
            {
                Volatile.Write(ref _preferred, index);
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the hub took the decision: 2xx applied or duplicate; a 4xx will not get better by repeating.</summary>
    private async Task<bool> TryPostAsync(Uri hub, PendingDecision decision)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub, $"api/v1/acks/{Destination.KindName(decision.Agency)}"))
            {
                Content = Body(decision),
            };
            request.Headers.Add("X-Agency-Key", _secretOf(decision.Agency));
            using var response = await _http.SendAsync(request, _stop.Token);
            return (int)response.StatusCode < 500;
        }
        catch (HttpRequestException)
        {
            return false; // hub down (restarting): keep the decision and try another, or again
        }
        catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The decision as the agency posts it, and as it answers a decision query.</summary>
    internal static HttpContent Body(PendingDecision d)
    {
        if (d.Agency == DestinationKind.Dimona)
        {
            XNamespace x = DestinationMessageSchemas.XmlNamespaceOf(DestinationKind.Dimona);
            var result = d.DimonaResult ?? (d.Approved ? "ACCEPTED" : "REFUSED");
            var xml = new XElement(x + "dimonaResult",
                new XElement(x + "messageId", d.MessageId),
                new XElement(x + "result", result),
                result.StartsWith("ACCEPTED", StringComparison.Ordinal) ? new XElement(x + "declarationId", d.Reference) : null,
                result == "REFUSED" ? new XElement(x + "refusalCode", d.ReasonCode ?? "B001") : null,
                result == "REFUSED" && d.Reason is not null ? new XElement(x + "refusalReason", d.Reason) : null,
                result == "ACCEPTED_WITH_ANOMALIES"
                    ? new XElement(x + "anomaly", new XElement(x + "code", "W021"), new XElement(x + "description", "einddatum ontbreekt voor een tijdelijke tewerkstelling (gesimuleerd)"))
                    : null);
            return new StringContent(xml.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "application/xml");
        }

        if (d.Agency == DestinationKind.Rva)
        {
            XNamespace x = DestinationMessageSchemas.XmlNamespaceOf(DestinationKind.Rva);
            var xml = new XElement(x + "amaDecision",
                new XElement(x + "messageId", d.MessageId),
                new XElement(x + "decision", d.Approved ? "APPROVED" : "REFUSED"),
                d.ReasonCode is null ? null : new XElement(x + "reasonCode", d.ReasonCode),
                d.Reason is null ? null : new XElement(x + "reason", d.Reason),
                d.Reference is null ? null : new XElement(x + "reference", d.Reference));
            return new StringContent(xml.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "application/xml");
        }

        return JsonContent.Create(new
        {
            messageId = d.MessageId,
            decision = d.Approved ? "APPROVED" : "REFUSED",
            reasonCode = d.ReasonCode,
            reason = d.Reason,
            reference = d.Reference,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _queue.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_workers);
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }
}

/// <summary>A decision waiting to be posted.</summary>
internal sealed record PendingDecision(DestinationKind Agency, Guid MessageId, bool Approved, string? ReasonCode, string? Reason, string? Reference)
{
    /// <summary>Dimona: the result word (ACCEPTED, ACCEPTED_WITH_ANOMALIES, REFUSED, WAITING).</summary>
    public string? DimonaResult { get; init; }

    /// <summary>A decision to post <see cref="ThenAfter"/> after this one was delivered (Dimona: the result after WAITING).</summary>
    public PendingDecision? Then { get; init; }

    /// <summary>The delay before <see cref="Then"/>.</summary>
    public TimeSpan ThenAfter { get; init; }
}
