namespace StatuutHub.Domain.Deliveries;

/// <summary>The attest's overall standing, derived from its deliveries.</summary>
public enum AttestStatus
{
    /// <summary>At least one required destination has not decided yet.</summary>
    InProgress,

    /// <summary>Every required destination accepted it.</summary>
    Recognised,

    /// <summary>At least one destination refused it.</summary>
    Refused,

    /// <summary>The initiative withdrew it.</summary>
    Cancelled,
}

/// <summary>Derives the attest status; never stored on its own, so it cannot disagree with the deliveries.</summary>
public static class AttestStatusRule
{
    /// <summary>The status of an attest whose current version's deliveries are in <paramref name="states"/>.</summary>
    /// <param name="cancelled">The initiative cancelled the attest (wins over every delivery).</param>
    /// <param name="states">The states of the deliveries of the current version, one per required destination.</param>
    public static AttestStatus Derive(bool cancelled, IEnumerable<DeliveryState> states)
    {
        if (cancelled)
        {
            return AttestStatus.Cancelled;
        }

        var any = false;
        var allAcknowledged = true;
        foreach (var state in states)
        {
            any = true;
            if (state == DeliveryState.Rejected)
            {
                return AttestStatus.Refused;
            }

            allAcknowledged &= state == DeliveryState.Acknowledged;
        }

        return any && allAcknowledged ? AttestStatus.Recognised : AttestStatus.InProgress;
    }
}
