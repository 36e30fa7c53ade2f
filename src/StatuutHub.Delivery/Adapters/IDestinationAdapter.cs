using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Adapters;

/// <summary>One destination's face to the hub: maps the canonical attest to the agency's own
/// message, sends it, reads its synchronous answer, and reads its asynchronous decisions.
/// Adapters never call each other; the dispatcher calls them through a resilience pipeline.</summary>
public interface IDestinationAdapter
{
    /// <summary>The kind of body this adapter talks to.</summary>
    DestinationKind Kind { get; }

    /// <summary>The agency's own message for <paramref name="message"/>: its body, media type and the path it goes to. HTTP posts it
    /// there; a queue carries the same body with the path as its subject.</summary>
    AgencyRequest Compose(OutboundMessage message);

    /// <summary>Sends one message over HTTP. Returns the agency's answer; throws <see cref="DeliveryFailedException"/>
    /// when the agency could not take it (transient or permanent).</summary>
    Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct);

    /// <summary>Reads an asynchronous decision the agency posted to the hub's ack endpoint.</summary>
    /// <exception cref="FormatException">The body is not a decision in this agency's format.</exception>
    AgencyDecision ParseDecision(string contentType, string body);

    /// <summary>Asks the agency what it decided about a message it received (reconciliation: a callback may be lost).
    /// The contract is the same for every agency (schemas/destinations/decision-query-v1.md).</summary>
    /// <exception cref="DeliveryFailedException">The agency could not be asked (transient) or refused the hub's credential.</exception>
    Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct);
}

/// <summary>One message in the agency's own format: <paramref name="Path"/> relative to its base address (it names the agency's
/// office, e.g. a mutualiteit's number), the body and its media type.</summary>
public sealed record AgencyRequest(string Path, string Body, string MediaType);

/// <summary>What an agency answered when asked about a message.</summary>
public sealed record DecisionStatus(DecisionStatusKind Kind, AgencyDecision? Decision = null)
{
    public static readonly DecisionStatus Pending = new(DecisionStatusKind.Pending);
    public static readonly DecisionStatus Unknown = new(DecisionStatusKind.Unknown);
}

/// <summary>The kinds of answer to a decision query.</summary>
public enum DecisionStatusKind
{
    /// <summary>The agency decided: <see cref="DecisionStatus.Decision"/>, in the same form as its callback.</summary>
    Decided,

    /// <summary>Received, not decided yet.</summary>
    Pending,

    /// <summary>The agency does not know the message.</summary>
    Unknown,
}

/// <summary>What the hub sends: one message to one destination about one version of an attest.
/// <see cref="MessageId"/> is stable across retries so the agency can de-duplicate.</summary>
public sealed record OutboundMessage(Guid MessageId, Guid AttestId, int Version, Destination Destination, MessageKind Kind, Attest Content)
{
    /// <summary>The message of a stored delivery, as the dispatcher sends it and a delivery's page shows it.</summary>
    public static OutboundMessage Of(StatuutHub.Storage.Contract.ClaimedDelivery delivery) =>
        new(delivery.MessageId, delivery.AttestId, delivery.Version, delivery.Destination, delivery.Kind, delivery.Content)
        {
            AwaitedReference = delivery.AwaitedReference,
            EndsOn = delivery.EndsOn,
        };

    /// <summary>The reference of the approval this message waited for (the RVA: the regional permission), if it was chained.</summary>
    public string? AwaitedReference { get; init; }

    /// <summary>The last day of a route that a change of benefits ends before the activity does; null otherwise.</summary>
    public DateOnly? EndsOn { get; init; }

    /// <summary>The end date the message states: the route's own end, or the activity's (none while open-ended).</summary>
    public DateOnly? EndDate => EndsOn ?? Content.Activity.EndDate;

    /// <summary>The regional employment service's permission this message can name: the one it waited for, or one the
    /// attest already holds (contract v2 <c>permissionsHeld</c>, the newest).</summary>
    public string? RegionalPermissionReference => AwaitedReference
        ?? Content.PermissionsHeld.Where(p => p.Body == PermissionBody.EmploymentService).MaxBy(p => p.GivenOn)?.Reference;
}

/// <summary>The agency's synchronous answer.</summary>
public sealed record AgencyAnswer(AnswerKind Kind, string? Reference, string? ReasonCode, string? Reason)
{
    /// <summary>Technical ack: received, decision later.</summary>
    public static AgencyAnswer Receipt(string? receiptId) => new(AnswerKind.Receipt, receiptId, null, null);

    /// <summary>Accepted at once (e.g. a Dimona declaration id).</summary>
    public static AgencyAnswer Accepted(string? reference) => new(AnswerKind.Accepted, reference, null, null);

    /// <summary>Refused at once with the agency's code.</summary>
    public static AgencyAnswer Refused(string reasonCode, string? reason) => new(AnswerKind.Refused, null, reasonCode, reason);
}

/// <summary>The kinds of synchronous answer.</summary>
public enum AnswerKind
{
    /// <summary>Received; the decision comes later.</summary>
    Receipt,

    /// <summary>Accepted now.</summary>
    Accepted,

    /// <summary>Refused now.</summary>
    Refused,
}

/// <summary>An asynchronous decision from an agency. An <see cref="Interim"/> answer (Dimona: still waiting) decides
/// nothing: it is recorded and shown, and the delivery keeps waiting for the real decision.</summary>
public sealed record AgencyDecision(Guid MessageId, bool Approved, string? ReasonCode, string? Reason, string? Reference)
{
    /// <summary>True for an answer that says the decision is not there yet.</summary>
    public bool Interim { get; init; }

    /// <summary>The last day of the permission when the body says so in its approval; it drives the renewal.</summary>
    public DateOnly? ValidUntil { get; init; }

    /// <summary>The decision as the apply-decision use case takes it, whichever channel brought it (callback or query).</summary>
    public StatuutHub.Storage.Contract.AgencyAck ToAck(DestinationKind agency, DateTimeOffset at) =>
        new(agency, MessageId, Approved, ReasonCode, Reason, Reference, at) { Interim = Interim, ValidUntil = ValidUntil };
}

/// <summary>The agency did not take the message. <see cref="Transient"/> failures are retried
/// (timeouts, 5xx, 429, unreadable answers); permanent ones (the agency refuses the message
/// itself, e.g. 400) go straight to the dead letters for a person to look at.</summary>
public sealed class DeliveryFailedException : Exception
{
    public DeliveryFailedException(string message, bool transient, Exception? inner = null)
        : base(message, inner) => Transient = transient;

    public DeliveryFailedException()
        : this("Delivery failed.", transient: true)
    {
    }

    public DeliveryFailedException(string message)
        : this(message, transient: true)
    {
    }

    public DeliveryFailedException(string message, Exception inner)
        : this(message, transient: true, inner)
    {
    }

    /// <summary>True when trying again later may succeed.</summary>
    public bool Transient { get; }
}
