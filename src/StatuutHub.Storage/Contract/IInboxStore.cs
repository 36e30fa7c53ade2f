using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Storage.Contract;

/// <summary>What an office on the inbox reads: the requests addressed to it, and who of its people opened which.</summary>
public interface IInboxStore
{
    /// <summary>The requests addressed to <paramref name="destination"/> (an office's destination id, e.g. <c>ocmw-44021</c>) in one
    /// of <paramref name="states"/>, at most <paramref name="max"/>: the oldest first, or the newest with <paramref name="newestFirst"/>.
    /// Attests whose personal data was purged are left out.</summary>
    Task<IReadOnlyList<InboxRequest>> ListInboxAsync(string destination, IReadOnlyCollection<DeliveryState> states, bool newestFirst, int max, CancellationToken ct);

    /// <summary>The request <paramref name="deliveryId"/> if it is addressed to <paramref name="destination"/> and its personal data
    /// was not purged; null otherwise (another office's request is not told apart from one that does not exist).</summary>
    Task<InboxRequest?> FindInboxRequestAsync(string destination, long deliveryId, CancellationToken ct);

    /// <summary>Adds "<paramref name="actor"/> opened this request" to the delivery's audit chain.</summary>
    Task RecordRequestOpenedAsync(long deliveryId, string actor, DateTimeOffset at, CancellationToken ct);
}

/// <summary>One request in an office's inbox: the delivery, the version of the attest it carries, and whether the attest has since
/// been changed (<see cref="CurrentVersion"/>) or cancelled.</summary>
public sealed record InboxRequest(
    long DeliveryId,
    Guid MessageId,
    Guid AttestId,
    int Version,
    MessageKind Kind,
    DeliveryState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? AnswerDueAt,
    DateTimeOffset? DecidedAt,
    string? Reference,
    string? ReasonCode,
    int CurrentVersion,
    bool Cancelled,
    Attest Content);
