namespace StatuutHub.Broker;

/// <summary>What a consumer does with a message once it handled it (peek-lock: nothing is settled before this).</summary>
public abstract record QueueSettlement
{
    private QueueSettlement()
    {
    }

    /// <summary>Handled and durably committed: remove it from the queue.</summary>
    public static readonly QueueSettlement Complete = new Completed();

    /// <summary>A transient failure (the store is down): give it back to be delivered again, after a pause.</summary>
    public static readonly QueueSettlement Abandon = new Abandoned();

    /// <summary>It will never be handled (malformed, not authorised): move it to the dead letters with a reason.</summary>
    public static QueueSettlement DeadLetter(string reason, string description) => new DeadLettered(reason, description);

    /// <summary>Removed from the queue.</summary>
    public sealed record Completed : QueueSettlement;

    /// <summary>Given back.</summary>
    public sealed record Abandoned : QueueSettlement;

    /// <summary>Dead-lettered: <paramref name="Reason"/> is a code (<c>UNAUTHORISED_DECISION</c>), <paramref name="Description"/> says why.</summary>
    public sealed record DeadLettered(string Reason, string Description) : QueueSettlement;
}
