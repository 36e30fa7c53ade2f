namespace StatuutHub.Broker;

/// <summary>How a queue is addressed on each kind of broker, and where its dead letters go.</summary>
public static class EntityPaths
{
    /// <summary>The sub-queue Service Bus keeps a queue's dead letters in.</summary>
    public const string ServiceBusDeadLetterSuffix = "/$DeadLetterQueue";

    /// <summary>The queue the hub moves a local broker's dead letters to (RabbitMQ discards a rejected message without a policy).</summary>
    public const string LocalDeadLetterSuffix = ".dead-letter";

    /// <summary>The link address of <paramref name="queue"/>: RabbitMQ's <c>/queue/{name}</c>, Service Bus's entity path.</summary>
    public static string Queue(BrokerFlavour flavour, string queue) =>
        flavour == BrokerFlavour.ServiceBus ? queue : $"/queue/{queue}";

    /// <summary>The address of <paramref name="queue"/>'s dead letters.</summary>
    public static string DeadLetters(BrokerFlavour flavour, string queue) =>
        flavour == BrokerFlavour.ServiceBus ? queue + ServiceBusDeadLetterSuffix : $"/queue/{queue}{LocalDeadLetterSuffix}";

    /// <summary>A reply-to as an initiative writes it (a queue name, or an address already) as a link address.</summary>
    public static string ReplyAddress(BrokerFlavour flavour, string replyTo) =>
        replyTo.StartsWith('/') || flavour == BrokerFlavour.ServiceBus ? replyTo : Queue(flavour, replyTo);
}
