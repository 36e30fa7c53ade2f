namespace StatuutHub.Host.Callbacks;

/// <summary>A callback registered: the initiative, the address, when, and the secret the hub made (shown this once; null when
/// the initiative gave its own).</summary>
public sealed record CallbackRegistered(string Initiative, Uri Url, DateTimeOffset RegisteredAt, string? Secret);

/// <summary>A registered callback with its events per state, its circuit and its last error.</summary>
public sealed record CallbackListItem(
    string Initiative, Uri Url, DateTimeOffset RegisteredAt, long Position, IReadOnlyDictionary<string, long> Events, string Circuit, string? LastError);

/// <summary>An event for an initiative and where its sending stands.</summary>
public sealed record CallbackEventItem(
    Guid EventId, string Initiative, Guid AttestId, string Type, string State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? NextAttemptAt, string? LastError);

/// <summary>How many dead-lettered events were offered again.</summary>
public sealed record CallbackRetried(int Offered);
