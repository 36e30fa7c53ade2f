using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Application.Intake;

/// <summary>When a body must have its message and when its answer is expected: the submission deadline rules, and the
/// destination's answer rule (working days after the start, or its answer time after sending).</summary>
public sealed class AnswerDates(SubmissionDeadlines deadlines, WorkingDayCalendar calendar, IOptionsMonitor<DestinationOptions> destinations)
{
    /// <summary>The dates of <paramref name="message"/> for an activity starting on <paramref name="start"/>, if it is sent on <paramref name="sentOn"/>.</summary>
    public PreviewedMessage Preview(PlannedMessage message, DateOnly start, DateOnly sentOn)
    {
        var options = destinations.Get(Destination.KindName(message.Destination.Kind));
        var expected = options.AnswerWorkingDaysFromStart is { } days
            ? calendar.AddWorkingDays(start, days)
            : sentOn.AddDays((int)Math.Ceiling(options.AnswerTime.TotalDays));
        return new PreviewedMessage(message, deadlines.For(message.Destination.Kind, start)?.DueBy, expected);
    }
}
