namespace StatuutHub.Broker;

/// <summary>Names the hub's queue messages share with every broker.</summary>
public static class QueueMessages
{
    /// <summary>The dead-letter reason, as Service Bus names it (the local broker's dead-letter copies carry it as a property).</summary>
    public const string DeadLetterReason = "DeadLetterReason";

    /// <summary>The dead-letter description, as Service Bus names it.</summary>
    public const string DeadLetterDescription = "DeadLetterErrorDescription";
}
