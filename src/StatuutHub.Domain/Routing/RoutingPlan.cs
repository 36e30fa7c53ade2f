using StatuutHub.Domain.Attests;

namespace StatuutHub.Domain.Routing;

/// <summary>Which bodies must receive which message for one version of an attest, and which
/// benefits no body in v1 can be told about (the visible gap).</summary>
public sealed record RoutingPlan(IReadOnlyList<PlannedMessage> Messages, IReadOnlyList<RoutingGap> Gaps)
{
    /// <summary>The destinations in the plan, in plan order.</summary>
    public IEnumerable<Destination> Destinations => Messages.Select(m => m.Destination);
}

/// <summary>One message to one destination, with why it goes there.</summary>
public sealed record PlannedMessage(Destination Destination, MessageKind Kind, string Reason);

/// <summary>A benefit the participant has that no adapter serves yet.</summary>
public sealed record RoutingGap(Benefits Benefit, string Body, string Reason);

/// <summary>What a message asks of the destination.</summary>
public enum MessageKind
{
    /// <summary>Notify of (or declare IN) a new attest.</summary>
    Create,

    /// <summary>Amend what the destination already received (Dimona: UPDATE).</summary>
    Amend,

    /// <summary>End early (Dimona: OUT with the new end date).</summary>
    End,

    /// <summary>Withdraw the attest (Dimona: OUT, cancelled).</summary>
    Cancel,
}
