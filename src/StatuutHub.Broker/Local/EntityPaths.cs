namespace StatuutHub.Broker.Local;

/// <summary>How a local broker (RabbitMQ's AMQP 1.0 plugin) addresses a queue, and where the hub keeps its dead letters.</summary>
public static class EntityPaths
{
    /// <summary>The queue the hub moves a local broker's dead letters to (RabbitMQ discards a rejected message without a policy).</summary>
    public const string DeadLetterSuffix = ".dead-letter";

    /// <summary>The link address of <paramref name="queue"/>: <c>/queue/{name}</c>; a name that is an address already (a reply-to an
    /// initiative wrote as <c>/queue/…</c>) stays as it is.</summary>
    public static string Queue(string queue) => queue.StartsWith('/') ? queue : $"/queue/{queue}";

    /// <summary>The address of <paramref name="queue"/>'s dead letters.</summary>
    public static string DeadLetters(string queue) => Queue(queue + DeadLetterSuffix);
}
