using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Storage.Contract;

/// <summary>What the dashboard, the admin API and the metrics read: counts kept exact per state change,
/// keyset-paged lists and searches, so every page stays fast on millions of rows.</summary>
public interface ISupportQueries
{
    /// <summary>Counts per delivery state, for health, metrics and tests.</summary>
    Task<IReadOnlyDictionary<DeliveryState, int>> CountDeliveriesAsync(CancellationToken ct);

    /// <summary>Counts per state and destination, the oldest waiting delivery and the last day per hour.</summary>
    Task<HubOverview> GetOverviewAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>The overview without its hour buckets (which join the last day's attests with their deliveries): what the
    /// queue gauges and the alert watch read every few seconds.</summary>
    Task<QueueSummary> GetQueueAsync(DateTimeOffset now, CancellationToken ct);

    /// <summary>One page of deliveries matching the query, newest first.</summary>
    Task<DeliveryPage> ListDeliveriesAsync(DeliveryQuery query, CancellationToken ct);

    /// <summary>Failed deliveries grouped by destination, state and reason.</summary>
    Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken ct);

    /// <summary>One delivery as it goes out (its attest version's content, message id, the approval it names) with every attempt
    /// and what the agency answered; null when unknown or its attest's personal data was purged.</summary>
    Task<DeliveryDetail?> GetDeliveryAsync(long deliveryId, CancellationToken ct);

    /// <summary>Attests by id, by the participant's INSZ (exact, digits) or by the initiative's KBO number.</summary>
    Task<IReadOnlyList<AttestSummary>> SearchAttestsAsync(Guid? attestId, string? insz, string? initiativeKbo, CancellationToken ct);
}

/// <summary>The queue at a glance: counts per state and per destination and state, and how long the oldest waiting delivery waits.</summary>
public sealed record QueueSummary(
    IReadOnlyDictionary<DeliveryState, int> ByState,
    IReadOnlyList<DestinationCount> ByDestination,
    TimeSpan? OldestPendingAge);

/// <summary>What support staff see at a glance.</summary>
public sealed record HubOverview(
    IReadOnlyDictionary<DeliveryState, int> ByState,
    IReadOnlyList<DestinationCount> ByDestination,
    TimeSpan? OldestPendingAge,
    IReadOnlyList<HourBucket> LastDay);

/// <summary>Deliveries of one destination in one state.</summary>
public sealed record DestinationCount(string Destination, DeliveryState State, int Count);

/// <summary>One hour of the last day: attests submitted, attests recognised, median time to recognition.</summary>
public sealed record HourBucket(DateTimeOffset Hour, int Submitted, int Recognised, TimeSpan? MedianTimeToRecognition);

/// <summary>A filter and a keyset cursor over deliveries (newest first): <see cref="Before"/> pages to older rows, <see cref="After"/>
/// back to newer ones; stays fast on millions of rows.</summary>
public sealed record DeliveryQuery(
    DeliveryState? State = null,
    string? Destination = null,
    string? InitiativeKbo = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    long? Before = null,
    int PageSize = 50,
    long? After = null,
    bool WithTotal = true);

/// <summary>One page of deliveries, newest first, with the cursors to the older page (null at the end) and the newer one (null at the
/// start), and how many deliveries the filter matches (<see cref="TotalIsAtLeast"/>: at least that many; counting stopped there).</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliveryRow> Items, long? NextBefore)
{
    public long? PreviousAfter { get; init; }

    public long Total { get; init; }

    public bool TotalIsAtLeast { get; init; }
}

/// <summary>A delivery as a list row.</summary>
public sealed record DeliveryRow(
    long DeliveryId,
    Guid AttestId,
    string InitiativeKbo,
    string Destination,
    int Version,
    MessageKind Kind,
    DeliveryState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    string? ReasonCode,
    string? LastError);

/// <summary>Failed deliveries (retry scheduled or dead-lettered) with the same destination, state and reason.</summary>
/// <summary>Failed deliveries with the same destination, state and reason: how many, which, and when the first and the last of them failed.</summary>
public sealed record FailureGroup(string Destination, DeliveryState State, string Reason, int Count, IReadOnlyList<long> DeliveryIds, DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

/// <summary>An attest found by a search; <see cref="End"/> is null for an open-ended attest.</summary>
public sealed record AttestSummary(Guid AttestId, string InitiativeKbo, string InszMasked, DateOnly Start, DateOnly? End, int Version, bool Cancelled, DateTimeOffset SubmittedAt);

/// <summary>A delivery with its message's inputs and its attempts, newest attempt last.</summary>
public sealed record DeliveryDetail(ClaimedDelivery Message, string InitiativeKbo, string? Reference, string? ReasonCode, string? LastError, IReadOnlyList<AttemptView> Attempts);

/// <summary>One attempt: when, how long, its outcome and error, and the agency's answer as text (INSZ masked) when it gave one.</summary>
public sealed record AttemptView(int Number, DateTimeOffset StartedAt, TimeSpan Duration, string Outcome, string? Error, string? Answer);
