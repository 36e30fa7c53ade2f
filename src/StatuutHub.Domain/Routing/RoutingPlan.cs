using StatuutHub.Domain.Attests;

namespace StatuutHub.Domain.Routing;

/// <summary>Which bodies must receive which message for one version of an attest, which bodies must agree but
/// cannot be reached by the hub (the visible gaps), and which requests a permission already held spares.</summary>
public sealed record RoutingPlan(IReadOnlyList<PlannedMessage> Messages, IReadOnlyList<RoutingGap> Gaps)
{
    /// <summary>Requests not made because the attest names a permission that is still valid.</summary>
    public IReadOnlyList<SparedRequest> Spared { get; init; } = [];

    /// <summary>The destinations in the plan, in plan order.</summary>
    public IEnumerable<Destination> Destinations => Messages.Select(m => m.Destination);
}

/// <summary>One message to one destination, with why it goes there. <see cref="WaitsOn"/> names the destination
/// whose approval this message follows and whose reference it carries: a create or an amendment waits for that
/// approval (and on a refusal is never sent); an end or a cancel goes at once, naming the approval already given.</summary>
public sealed record PlannedMessage(Destination Destination, MessageKind Kind, string Reason, Destination? WaitsOn = null)
{
    /// <summary>True when the message may not leave before <see cref="WaitsOn"/> approved: a create or an amendment.</summary>
    public bool Waits => WaitsOn is not null && Kind is MessageKind.Create or MessageKind.Amend;

    /// <summary>For an end that a change of benefits causes: the route's last day, before the activity's own end.</summary>
    public DateOnly? EndsOn { get; init; }
}

/// <summary>A body that must agree but that the hub cannot reach: the initiative asks it itself.</summary>
public sealed record RoutingGap(Benefits Benefit, string Body, string Reason);

/// <summary>A request the hub does not make: the attest names a permission of that body, valid until <see cref="ValidUntil"/>.</summary>
public sealed record SparedRequest(string Body, string Reference, DateOnly ValidUntil);

/// <summary>What a message asks of the destination.</summary>
public enum MessageKind
{
    /// <summary>Notify of (or declare IN) a new attest.</summary>
    Create,

    /// <summary>Amend what the destination already received (Dimona: UPDATE).</summary>
    Amend,

    /// <summary>End (Dimona: OUT with the end date).</summary>
    End,

    /// <summary>Withdraw the attest (Dimona: a CANCEL declaration of its own).</summary>
    Cancel,

    /// <summary>Ask again for a permission that expires while the activity goes on (yearly, or after two years).</summary>
    Renew,
}
