namespace StatuutHub.Broker;

/// <summary>A message on a queue as the hub writes and reads it, whichever broker carries it (<see cref="IBrokerTransport"/>).</summary>
public sealed record QueueMessage
{
    /// <summary>The body, as bytes.</summary>
    public required byte[] Body { get; init; }

    /// <summary>Its media type (<c>application/json</c>), or empty.</summary>
    public string ContentType { get; init; } = string.Empty;

    /// <summary>The sender's id of the message: the hub's message id (Service Bus detects duplicates by it).</summary>
    public string? MessageId { get; init; }

    /// <summary>The id of the message this one answers.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>The queue an answer goes to.</summary>
    public string? ReplyTo { get; init; }

    /// <summary>What keeps messages in order: the attest id (AMQP <c>group-id</c>, a Service Bus session).</summary>
    public string? SessionId { get; init; }

    /// <summary>What it is about (AMQP <c>subject</c>): the agency's path for the message.</summary>
    public string? Subject { get; init; }

    /// <summary>How long the broker keeps it unread; null: the queue's own.</summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>Application properties (text or numbers).</summary>
    public IReadOnlyDictionary<string, object?> Properties { get; init; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>How many times the broker has delivered it, this time included (1 the first time); 0 for a message being sent.</summary>
    public int DeliveryCount { get; init; }

    /// <summary>An application property as text, or null.</summary>
    public string? Property(string name) => Properties.TryGetValue(name, out var value) ? value?.ToString() : null;
}
