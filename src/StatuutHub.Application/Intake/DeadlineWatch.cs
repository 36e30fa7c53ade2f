using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Intake;

/// <summary>Whether a delivery reached (or will reach) its body in time: the deadline its body sets for that kind of message
/// (a first message, a Dimona OUT or cancellation) relative to the activity's dates, and, when it is late, what is at risk
/// with the days counted (the adviserend arts: 10 % for a request at most 14 days late, all of it later).</summary>
public sealed class DeadlineWatch(SubmissionDeadlines deadlines, TimeProvider time)
{
    /// <summary>The deadline of <paramref name="delivery"/> of <paramref name="view"/>, or null when its body sets none.</summary>
    public DeliveryDeadline? Of(AttestView view, DeliveryView delivery)
    {
        var activity = view.Content.Activity;
        if (!Destination.TryParse(delivery.Destination, out var destination)
            || deadlines.For(destination.Kind, delivery.Kind, activity.StartDate, activity.EndDate) is not { } deadline)
        {
            return null;
        }

        // In time when it was sent before the due day ended; one not sent yet is judged against now.
        var arrives = delivery.SentAt ?? time.GetUtcNow();
        if (arrives < BelgianTime.StartOf(deadline.DueBy.AddDays(1)))
        {
            return new DeliveryDeadline(deadline.DueBy, false, null, null);
        }

        var late = deadline.Rule.LateBy(activity.StartDate, BelgianTime.DayOf(arrives));
        return new DeliveryDeadline(deadline.DueBy, true, late.AtRiskNl, late.AtRiskEn) { LateDays = late.Days, AfterGrace = late.AfterGrace };
    }
}

/// <summary>A delivery's submission deadline; when it is late, what is at risk for the participant, the activity days up to
/// its arrival and whether that is past the body's grace period (the heavier consequence).</summary>
public sealed record DeliveryDeadline(DateOnly DueBy, bool Late, string? AtRiskNl, string? AtRiskEn)
{
    /// <summary>The activity days from the start up to the day the message arrives (0 when it arrives before the start).</summary>
    public int? LateDays { get; init; }

    /// <summary>True when the message came after the body's grace period.</summary>
    public bool AfterGrace { get; init; }
}
