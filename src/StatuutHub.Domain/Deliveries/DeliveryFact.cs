using StatuutHub.Domain.Routing;

namespace StatuutHub.Domain.Deliveries;

/// <summary>One delivery of an attest, as far as the attest's standing is concerned: which destination,
/// for which version, what kind of message, and where it stands.</summary>
public sealed record DeliveryFact(string Destination, int Version, MessageKind Kind, DeliveryState State)
{
    /// <summary>When the body's answer settled it (acknowledged or rejected), where the reader needs it.</summary>
    public DateTimeOffset? DecidedAt { get; init; }
}

/// <summary>What an attest's deliveries say: what each destination currently knows, and the attest's status.</summary>
public static class DeliveryFacts
{
    /// <summary>Per destination, the state of its newest message unless that is a cancel: that is what
    /// the destination currently thinks of the attest. A stopped message never reached its body and says nothing; a
    /// renewal leaves the permission in force until it expires, so only a refused renewal counts (as a refusal).</summary>
    public static IEnumerable<DeliveryState> CurrentStates(IEnumerable<DeliveryFact> deliveries) => Current(deliveries).Select(d => d.State);

    /// <summary>When the attest became <see cref="AttestStatus.Recognised"/>: the latest answer among the deliveries that make it so
    /// (<see cref="CurrentStates"/>); null while it is not recognised. Planned renewals and stopped messages do not count, as for the status.</summary>
    public static DateTimeOffset? RecognisedAt(bool cancelled, IEnumerable<DeliveryFact> deliveries)
    {
        var current = Current(deliveries).ToArray();
        return AttestStatusRule.Derive(cancelled, current.Select(d => d.State)) == AttestStatus.Recognised ? current.Max(d => d.DecidedAt) : null;
    }

    private static IEnumerable<DeliveryFact> Current(IEnumerable<DeliveryFact> deliveries)
    {
        var facts = deliveries as IReadOnlyCollection<DeliveryFact> ?? deliveries.ToArray();
        return Newest(facts.Where(d => d.State != DeliveryState.Stopped && d.Kind != MessageKind.Renew))
            .Where(d => d.Kind != MessageKind.Cancel)
            .Concat(facts.Where(d => d.Kind == MessageKind.Renew && d.State == DeliveryState.Rejected));
    }

    /// <summary>The destinations that hold the attest now: their newest message that left (not waiting, not stopped) is not a cancel.</summary>
    public static IReadOnlyCollection<Destination> InformedDestinations(IEnumerable<DeliveryFact> deliveries) =>
        Newest(deliveries.Where(d => d.State is not (DeliveryState.Waiting or DeliveryState.Stopped) && d.Kind != MessageKind.Renew))
            .Where(d => d.Kind != MessageKind.Cancel)
            .Select(d => Destination.TryParse(d.Destination, out var destination) ? destination : throw new InvalidDataException($"Unknown destination '{d.Destination}'."))
            .ToArray();

    /// <summary>The attest's status from its deliveries (<see cref="AttestStatusRule"/>).</summary>
    public static AttestStatus StatusOf(bool cancelled, IEnumerable<DeliveryFact> deliveries) =>
        AttestStatusRule.Derive(cancelled, CurrentStates(deliveries));

    private static IEnumerable<DeliveryFact> Newest(IEnumerable<DeliveryFact> deliveries) =>
        deliveries.GroupBy(d => d.Destination).Select(g => g.MaxBy(d => d.Version)!);
}
