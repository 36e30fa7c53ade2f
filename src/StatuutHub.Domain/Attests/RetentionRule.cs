using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Domain.Attests;

/// <summary>When an attest's personal data has outlived its retention (SECURITY.md: five years): the activity ended before
/// <c>endedBefore</c>, or the attest was cancelled and last changed before <c>changedBefore</c>; and nothing of it still runs —
/// no delivery the hub still sends or waits for, and no body decided anything since <c>changedBefore</c>.</summary>
public static class RetentionRule
{
    /// <summary>Whether the attest's personal data is to be removed now.</summary>
    /// <param name="lastDay">The last day the activity runs (its end, or the day before the participant's pension).</param>
    public static bool HasExpired(DateOnly lastDay, bool cancelled, DateTimeOffset lastChanged,
        IEnumerable<(DeliveryState State, DateTimeOffset? DecidedAt)> deliveries, DateOnly endedBefore, DateTimeOffset changedBefore) =>
        (lastDay < endedBefore || (cancelled && lastChanged < changedBefore))
        && deliveries.All(d => !StillRuns(d.State) && !(d.DecidedAt >= changedBefore));

    /// <summary>A delivery the hub still sends (pending, a retry, waiting for another body) or waits on (sent, overdue).</summary>
    public static bool StillRuns(DeliveryState state) =>
        state is DeliveryState.Pending or DeliveryState.RetryScheduled or DeliveryState.Waiting or DeliveryState.Sent or DeliveryState.Overdue;
}
