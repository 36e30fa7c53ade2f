using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Intake;

/// <summary>Whether a delivery reached (or will reach) its body in time: the submission deadline of its body
/// relative to the activity's start, and what is at risk when it is late. Only first messages (creates) have one.</summary>
public sealed class DeadlineWatch(SubmissionDeadlines deadlines, TimeProvider time)
{
    /// <summary>The deadline of <paramref name="delivery"/> of <paramref name="view"/>, or null when its body sets none.</summary>
    public DeliveryDeadline? Of(AttestView view, DeliveryView delivery)
    {
        if (delivery.Kind != MessageKind.Create || !Destination.TryParse(delivery.Destination, out var destination)
            || deadlines.For(destination.Kind, view.Content.Activity.StartDate) is not { } deadline)
        {
            return null;
        }

        // In time when it was sent before the due day ended; one not sent yet is judged against now.
        var late = (delivery.SentAt ?? time.GetUtcNow()) >= BelgianTime.StartOf(deadline.DueBy.AddDays(1));
        return new DeliveryDeadline(deadline.DueBy, late, late ? deadline.Rule.AtRiskNl : null, late ? deadline.Rule.AtRiskEn : null);
    }
}

/// <summary>A delivery's submission deadline; when it is late, what is at risk for the participant.</summary>
public sealed record DeliveryDeadline(DateOnly DueBy, bool Late, string? AtRiskNl, string? AtRiskEn);
