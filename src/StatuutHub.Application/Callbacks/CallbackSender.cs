using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using StatuutHub.Application.Intake;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Outbox;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Callbacks;

/// <summary>Collects the events owed to initiatives from the audit trail and POSTs them, signed, through one pipeline per initiative
/// (circuit breaker, attempt timeout) with the agency outbox's durable schedule: lease, attempt, retry with backoff, dead letter.
/// At-least-once: a crash between the POST and its record sends the event again with the same id.</summary>
public sealed class CallbackSender(
    ICallbackStore store,
    IHttpClientFactory http,
    IOptions<CallbackOptions> options,
    CallbackSignal signal,
    TimeProvider time,
    ILogger<CallbackSender> logger) : IOutboxSender
{
    /// <summary>The named HTTP client the host configures (its connections are checked against <see cref="CallbackAddresses"/>).</summary>
    public const string HttpClientName = "callbacks";

    private readonly ConcurrentDictionary<string, GuardedPipeline> _pipelines = new(StringComparer.Ordinal);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The circuit of every initiative called so far (for the dashboard; not the hub's health: one initiative's broken
    /// endpoint does not make the hub unhealthy).</summary>
    public IReadOnlyDictionary<string, CircuitState> CircuitStates() => _pipelines.ToDictionary(p => p.Key, p => p.Value.Circuit.CircuitState, StringComparer.Ordinal);

    /// <summary>One round: collect settled changes, claim due events, send them. Returns how many were sent or failed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        await store.CollectCallbackEventsAsync(now, now - ChangeFeed.Settle, o.BatchSize, CallbackEvents.Compose, ct);
        var claimed = await store.ClaimDueCallbacksAsync(_owner, now, now + o.LeaseDuration, o.BatchSize, ct);
        // Initiatives in parallel; one initiative's events one after the other, in order, stopping at the first that fails.
        await Parallel.ForEachAsync(claimed.GroupBy(c => c.InitiativeKbo), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (events, token) =>
        {
            var queue = events.ToList();
            for (var i = 0; i < queue.Count; i++)
            {
                if (!await SendAsync(queue[i], token))
                {
                    await store.ReleaseCallbacksAsync(_owner, [.. queue.Skip(i + 1).Select(e => e.EventId)], CancellationToken.None);
                    return;
                }
            }
        });
        return claimed.Count;
    }

    /// <inheritdoc />
    public string Name => "callbacks";

    /// <inheritdoc />
    public bool Enabled => options.Value.Enabled;

    /// <inheritdoc />
    public int BatchSize => options.Value.BatchSize;

    /// <inheritdoc />
    public TimeSpan PollInterval => options.Value.PollInterval;

    /// <inheritdoc />
    public WorkSignal Signal => signal;

    /// <summary>Sends one event and records the attempt; true when it was delivered.</summary>
    private async Task<bool> SendAsync(ClaimedCallback callback, CancellationToken ct)
    {
        var o = options.Value;
        var pipeline = _pipelines.GetOrAdd(callback.InitiativeKbo, kbo => GuardedPipeline.Build($"callback:{kbo}", o, time)).Pipeline;
        var attempts = callback.Attempts + 1;
        CallbackAttempt attempt;
        try
        {
            await pipeline.ExecuteAsync(async token => await PostAsync(callback, token), ct);
            attempt = new CallbackAttempt(callback.EventId, CallbackEventState.Sent, attempts, time.GetUtcNow(), null, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false; // shutting down: the lease expires and the event is sent again
        }
        catch (Exception ex)
        {
            var now = time.GetUtcNow();
            var failed = FailedAttempt.Of(ex, attempts, o, now, timeout => $"the initiative did not answer within {timeout.TotalSeconds:0.###} s (Callbacks:AttemptTimeout)");
            attempt = failed.Kind switch
            {
                FailedAttemptKind.NotTried => new CallbackAttempt(callback.EventId, CallbackEventState.Pending, callback.Attempts, now, failed.NextDueAt,
                    $"niet geprobeerd: de verbinding met dit initiatief staat open / not tried: this initiative's circuit is open ({failed.Why})"),
                FailedAttemptKind.Retry => new CallbackAttempt(callback.EventId, CallbackEventState.Pending, attempts, now, failed.NextDueAt, failed.Why),
                _ => new CallbackAttempt(callback.EventId, CallbackEventState.DeadLettered, attempts, now, null, failed.Why),
            };
            if (failed.Kind == FailedAttemptKind.GiveUp)
            {
                logger.LogError("Callback event {EventId} to initiative {Initiative} dead-lettered: {Reason}", callback.EventId, callback.InitiativeKbo, failed.Why);
            }
        }

        if (!await store.CompleteCallbackAsync(_owner, attempt, CancellationToken.None))
        {
            logger.LogInformation("Callback event {EventId} was taken over or removed meanwhile; attempt result not applied", callback.EventId);
        }

        return attempt.To == CallbackEventState.Sent;
    }

    private async Task<bool> PostAsync(ClaimedCallback callback, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, callback.Url)
        {
            Content = new StringContent(callback.Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add(CallbackSignature.EventIdHeader, callback.EventId.ToString("D"));
        request.Headers.Add(CallbackSignature.Header, CallbackSignature.Sign(callback.Secret, callback.Body, time.GetUtcNow()));
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
        }
        catch (HttpRequestException ex) when (ex.InnerException is CallbackAddressRefusedException refused)
        {
            throw new DeliveryFailedException(refused.Message, transient: false, ex);
        }
        catch (HttpRequestException ex)
        {
            var cause = ex.InnerException is { } inner ? $" ({inner.GetBaseException().Message})" : string.Empty;
            throw new DeliveryFailedException($"callback address unreachable: {ex.Message}{cause}", transient: true, ex);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            var status = (int)response.StatusCode;
            var transient = status >= 500 || status is 408 or 429;
            throw new DeliveryFailedException($"the initiative answered {status} {response.ReasonPhrase}", transient);
        }
    }
}
