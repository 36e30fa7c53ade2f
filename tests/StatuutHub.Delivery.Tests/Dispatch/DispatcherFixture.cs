using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Dispatch;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Delivery.Telemetry;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Rules;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Delivery.Tests.Dispatch;

/// <summary>A dispatcher over an outbox in memory and one Dimona adapter whose answer the test chooses,
/// with fake time: every retry, timeout and broken circuit is reached by moving the clock, never by waiting.</summary>
public sealed class DispatcherFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public DispatcherFixture(Action<DestinationOptions>? options = null)
    {
        var services = new ServiceCollection();
        services.AddOptions<DestinationOptions>("dimona").Configure(o =>
        {
            o.BaseUrl = new Uri("http://127.0.0.1:9/");
            o.AnswerTime = TimeSpan.FromDays(1);
            o.MaxAttempts = 3;
            o.QuickRetries = 0;
            o.RetryBaseDelay = TimeSpan.FromSeconds(2);
            o.RetryMaxDelay = TimeSpan.FromMinutes(1);
            o.CircuitMinimumThroughput = 2;
            o.CircuitFailureRatio = 0.5;
            o.CircuitBreakDuration = TimeSpan.FromSeconds(30);
            o.AttemptTimeout = TimeSpan.FromSeconds(10);
            options?.Invoke(o);
        });
        services.AddOptions<DispatcherOptions>().Configure(o => o.Enabled = false);
        _services = services.BuildServiceProvider();
        var destinations = _services.GetRequiredService<IOptionsMonitor<DestinationOptions>>();
        Pipelines = new DestinationPipelines(destinations, Time);
        Dispatcher = new DeliveryDispatcher(Outbox, [Adapter], Pipelines, destinations, _services.GetRequiredService<IOptions<DispatcherOptions>>(),
            new DispatchSignal(), Time, new HubMetrics(new TestMeterFactory()), new WorkingDayCalendar(Holidays), NullLogger<DeliveryDispatcher>.Instance);
    }

    /// <summary>Two of Belgium's holidays, enough for the tests: Easter Monday and Ascension.</summary>
    public static readonly DatedTable<IReadOnlyList<PublicHoliday>> Holidays = new("publicHolidays",
        [new(new DateOnly(2000, 1, 1), null, [new PublicHoliday("Paasmaandag", null, null, 1), new PublicHoliday("Hemelvaart", null, null, 39)], "test")]);

    public FakeTimeProvider Time { get; } = new(Now);

    public InMemoryOutbox Outbox { get; } = new();

    public ScriptedAdapter Adapter { get; } = new();

    public DestinationPipelines Pipelines { get; }

    public DeliveryDispatcher Dispatcher { get; }

    /// <summary>Puts one Dimona delivery in the outbox and runs a dispatch round; returns what the dispatcher recorded.</summary>
    public async Task<AttemptRecord> DispatchOneAsync(int attemptsSoFar = 0, DeliveryState state = DeliveryState.Pending)
    {
        var id = Outbox.Add(attemptsSoFar, state);
        Assert.Equal(1, await Dispatcher.RunOnceAsync(default));
        return Outbox.Completed[id];
    }

    public void Dispose()
    {
        Pipelines.Dispose();
        _services.Dispose();
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}

/// <summary>An outbox in memory: hands out what the test added, keeps every attempt result and overdue scan.</summary>
public sealed class InMemoryOutbox : IOutbox
{
    private static readonly Attest Example = new(
        Guid.Parse("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b"), AttestKind.AmaWse,
        new Initiative(KboNumber.Parse("0123456749"), null, "De Keiberg vzw"),
        new Participant(Insz.Parse("85073003328"), "Peeters", "An", new DateOnly(1985, 7, 30), NisCode.Parse("44021"), null),
        Benefits.None,
        new Activity(new DateOnly(2027, 1, 4), new DateOnly(2027, 12, 31), 16, "Atelier hout", "houtbewerking", 4.50m, null));

    private readonly ConcurrentQueue<ClaimedDelivery> _due = new();
    private long _next;

    public ConcurrentDictionary<long, AttemptRecord> Completed { get; } = new();

    public List<(DateTimeOffset Now, AuditEntry Audit)> OverdueScans { get; } = [];

    /// <summary>The attest the deliveries are about (it starts on Monday 2027-01-04).</summary>
    public Attest Content { get; set; } = Example;

    public long Add(int attempts, DeliveryState state)
    {
        var id = Interlocked.Increment(ref _next);
        _due.Enqueue(new ClaimedDelivery(id, Guid.NewGuid(), Content.AttestId, 1, Destination.Dimona, MessageKind.Create, state, attempts, Content));
        return id;
    }

    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct)
    {
        var claimed = new List<ClaimedDelivery>();
        while (claimed.Count < max && _due.TryDequeue(out var next))
        {
            claimed.Add(next);
        }

        return Task.FromResult<IReadOnlyList<ClaimedDelivery>>(claimed);
    }

    public Task<AttemptCompletion> CompleteAttemptAsync(string owner, AttemptRecord attempt, CancellationToken ct) =>
        Task.FromResult(Completed.TryAdd(attempt.DeliveryId, attempt) ? AttemptCompletion.Applied : AttemptCompletion.Superseded);

    public Task<int> MarkOverdueAsync(DateTimeOffset now, AuditEntry audit, CancellationToken ct)
    {
        lock (OverdueScans)
        {
            OverdueScans.Add((now, audit));
        }

        return Task.FromResult(0);
    }
}

/// <summary>The Dimona adapter as the test scripts it: each call runs <see cref="Answer"/>.</summary>
public sealed class ScriptedAdapter : IDestinationAdapter
{
    private int _calls;

    public Func<OutboundMessage, CancellationToken, Task<AgencyAnswer>> Answer { get; set; } = (_, _) => Task.FromResult(AgencyAnswer.Receipt("R-1"));

    public int Calls => _calls;

    public DestinationKind Kind => DestinationKind.Dimona;

    public AgencyRequest Compose(OutboundMessage message) => new("dimona/declarations", "<scripted/>", "application/xml");

    public Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        return Answer(message, ct);
    }

    public AgencyDecision ParseDecision(string contentType, string body) => throw new NotSupportedException();

    // The dispatcher never asks for decisions; reconciliation is tested against the simulated agencies.
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) => throw new NotSupportedException();
}
