using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Storage.Contract;

/// <summary>What the sector statistics are made of, and where the made report is kept: the facts are read in batches by the
/// nightly aggregate (never by a page), the report is read by the statistics page and API, so both stay fast at any size.</summary>
public interface IStatisticsStore
{
    /// <summary>Up to <paramref name="max"/> attests after the cursor (attest id order), with their current content and their
    /// deliveries; attests whose personal data was purged are left out.</summary>
    Task<StatisticsBatch> ReadStatisticsFactsAsync(string? after, int max, CancellationToken ct);

    /// <summary>Keeps <paramref name="document"/> as the newest report (older ones are removed).</summary>
    Task SaveStatisticsAsync(DateTimeOffset computedAt, string document, CancellationToken ct);

    /// <summary>The newest report, or null before the first run.</summary>
    Task<StoredStatistics?> GetStatisticsAsync(CancellationToken ct);
}

/// <summary>One batch of facts and the cursor for the next (null at the end).</summary>
public sealed record StatisticsBatch(IReadOnlyList<AttestFacts> Attests, string? Next);

/// <summary>One attest as the statistics see it: its current content (read, never shown), when it was submitted, whether it
/// was cancelled, and its deliveries.</summary>
public sealed record AttestFacts(Attest Content, DateTimeOffset SubmittedAt, bool Cancelled, IReadOnlyList<DeliveryMeasures> Deliveries);

/// <summary>One delivery as the statistics count it: its body, message kind, state, times and reason.</summary>
public sealed record DeliveryMeasures(DestinationKind Body, MessageKind Kind, DeliveryState State, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, string? ReasonCode);

/// <summary>A kept report and when it was made.</summary>
public sealed record StoredStatistics(DateTimeOffset ComputedAt, string Document);
