using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Outbox;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Delivery.Telemetry;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Delivery.Dispatch;

/// <summary>Claims due deliveries from the store, sends each through its destination's adapter
/// and resilience pipeline, and records the outcome with the state machine's next state.
/// At-least-once: a crash between sending and recording means the message is sent again with
/// the same message id, which the agency de-duplicates.</summary>
public sealed class DeliveryDispatcher : IOutboxSender
{
    private static readonly AuditEntry AnswerTimePassed = new("DeliveryOverdue", "de afgesproken antwoordtermijn is verstreken");
    private readonly IOutbox _store;
    private readonly Dictionary<DestinationKind, IDestinationAdapter> _adapters;
    private readonly DestinationPipelines _pipelines;
    private readonly IOptionsMonitor<DestinationOptions> _destinations;
    private readonly DispatcherOptions _options;
    private readonly DispatchSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger<DeliveryDispatcher> _logger;
    private readonly HubMetrics _metrics;
    private readonly WorkingDayCalendar _calendar;

    public DeliveryDispatcher(
        IOutbox store,
        IEnumerable<IDestinationAdapter> adapters,
        DestinationPipelines pipelines,
        IOptionsMonitor<DestinationOptions> destinations,
        IOptions<DispatcherOptions> options,
        DispatchSignal signal,
        TimeProvider time,
        HubMetrics metrics,
        WorkingDayCalendar calendar,
        ILogger<DeliveryDispatcher> logger)
    {
        _calendar = calendar;
        _metrics = metrics;
        _store = store;
        _adapters = adapters.ToDictionary(a => a.Kind);
        _pipelines = pipelines;
        _destinations = destinations;
        _options = options.Value;
        _signal = signal;
        _time = time;
        _logger = logger;
    }

    /// <summary>This process's name on its leases.</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>One round: mark overdue answers, claim a batch, send it. Returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var overdue = await _store.MarkOverdueAsync(now, AnswerTimePassed, ct);
        if (overdue > 0)
        {
            _logger.LogWarning("{Count} deliveries passed their agreed answer time and are Overdue", overdue);
        }

        var claimed = await _store.ClaimDueDeliveriesAsync(Owner, now, now + _options.LeaseDuration, _options.BatchSize, ct);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelSends, CancellationToken = ct }, SendAsync);
        return claimed.Count;
    }

    /// <inheritdoc />
    public string Name => "deliveries";

    /// <inheritdoc />
    public bool Enabled => _options.Enabled;

    /// <inheritdoc />
    public int BatchSize => _options.BatchSize;

    /// <inheritdoc />
    public TimeSpan PollInterval => _options.PollInterval;

    /// <inheritdoc />
    public WorkSignal Signal => _signal;

    private async ValueTask SendAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        var destination = _destinations.Get(Destination.KindName(delivery.Destination.Kind));
        ActivityContext.TryParse(delivery.TraceParent, null, out var parent);
        using var activity = HubTelemetry.Traces.StartActivity($"deliver {Destination.KindName(delivery.Destination.Kind)}", ActivityKind.Producer, parent);
        activity?.SetTag("statuut.delivery_id", delivery.DeliveryId);
        activity?.SetTag("statuut.destination", delivery.Destination.Id);
        activity?.SetTag("statuut.message_id", delivery.MessageId);
        activity?.SetTag("statuut.attest_id", delivery.AttestId);
        var started = _time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var answers = AgencyExchanges.Record();
        AttemptRecord record;
        try
        {
            if (!_adapters.TryGetValue(delivery.Destination.Kind, out var adapter))
            {
                throw new DeliveryFailedException($"no adapter for {delivery.Destination.Kind}", transient: false);
            }

            var message = OutboundMessage.Of(delivery);
            var answer = await _pipelines.For(delivery.Destination).ExecuteAsync(async token => await adapter.SendAsync(message, token), ct);
            record = answer.Kind switch
            {
                AnswerKind.Receipt => Record(delivery, DeliveryEvent.Receipted, started, clock.Elapsed, "receipt", null, answerDueAt: AnswerDueAt(delivery, destination), reference: answer.Reference),
                AnswerKind.Accepted => Record(delivery, DeliveryEvent.Approved, started, clock.Elapsed, "accepted", null, reference: answer.Reference),
                _ => Record(delivery, DeliveryEvent.Refused, started, clock.Elapsed, "refused", answer.Reason, reasonCode: answer.ReasonCode),
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return; // shutting down: the claim expires (or is released at start-up) and the message is sent again
        }
        catch (Exception ex)
        {
            var failed = FailedAttempt.Of(ex, delivery.Attempts + 1, destination, _time.GetUtcNow(),
                timeout => $"the agency did not answer within {timeout.TotalSeconds:0.###} s (AttemptTimeout)");
            record = failed.Kind switch
            {
                // The agency was not called: wait out the break without spending the retry budget.
                FailedAttemptKind.NotTried => Record(delivery, DeliveryEvent.AttemptFailed, started, clock.Elapsed, "not-called", failed.Why, nextDueAt: failed.NextDueAt, countsAsAttempt: false),
                FailedAttemptKind.Retry => Record(delivery, DeliveryEvent.AttemptFailed, started, clock.Elapsed, "failed", failed.Why, nextDueAt: failed.NextDueAt),
                _ => Record(delivery, DeliveryEvent.GaveUp, started, clock.Elapsed, "dead-lettered", failed.Why),
            };
            if (failed.Kind == FailedAttemptKind.GiveUp)
            {
                _logger.LogError("Delivery {DeliveryId} to {Destination} dead-lettered: {Reason}", delivery.DeliveryId, delivery.Destination.Id, PersonalText.Scrub(failed.Why, delivery.Content.Participant));
            }
        }

        // What the agency said may quote the person (a refusal "Peeters An, °30/07/1985, …"): it is kept and shown without them.
        var person = delivery.Content.Participant;
        record = record with { Error = PersonalText.Scrub(record.Error, person), Answer = PersonalText.Scrub(answers.Last?.ToString(), person) };
        activity?.SetTag("statuut.outcome", record.Outcome);
        _metrics.AttemptFinished(Destination.KindName(delivery.Destination.Kind), record.Outcome, clock.Elapsed);
        switch (await _store.CompleteAttemptAsync(Owner, record, CancellationToken.None))
        {
            case AttemptCompletion.AfterDecision:
                _logger.LogInformation("Delivery {DeliveryId} to {Destination}: the agency's decision arrived before its answer to the sending; attempt {Outcome} recorded, the decision stands",
                    delivery.DeliveryId, delivery.Destination.Id, record.Outcome);
                break;
            case AttemptCompletion.Superseded:
                _logger.LogInformation("Delivery {DeliveryId} to {Destination} is no longer this process's (its lease ran out); attempt result {Outcome} not applied",
                    delivery.DeliveryId, delivery.Destination.Id, record.Outcome);
                break;
        }
    }

    /// <summary>When the destination's decision is due: a number of working days after the activity's start where
    /// its rule says so (the end of that Belgian day), otherwise its agreed answer time after sending.</summary>
    private DateTimeOffset AnswerDueAt(ClaimedDelivery delivery, DestinationOptions destination) =>
        destination.AnswerWorkingDaysFromStart is { } days
            ? BelgianTime.StartOf(_calendar.AddWorkingDays(delivery.Content.Activity.StartDate, days).AddDays(1))
            : _time.GetUtcNow() + destination.AnswerTime;

    private static AttemptRecord Record(
        ClaimedDelivery delivery,
        DeliveryEvent @event,
        DateTimeOffset started,
        TimeSpan duration,
        string outcome,
        string? error,
        DateTimeOffset? nextDueAt = null,
        DateTimeOffset? answerDueAt = null,
        string? reference = null,
        string? reasonCode = null,
        bool countsAsAttempt = true) =>
        new(
            delivery.DeliveryId,
            delivery.State,
            DeliveryStateMachine.Apply(delivery.State, @event),
            countsAsAttempt ? delivery.Attempts + 1 : delivery.Attempts,
            started,
            duration,
            outcome,
            error,
            nextDueAt,
            answerDueAt,
            reference,
            reasonCode,
            countsAsAttempt);
}
