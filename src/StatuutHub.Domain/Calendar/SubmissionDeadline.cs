using StatuutHub.Domain.Routing;

namespace StatuutHub.Domain.Calendar;

/// <summary>By when a body must have its message, relative to the activity's start, and what is at risk when it
/// comes later (docs/domain.md, "Who must agree, and when"). Rules data, with its source.</summary>
public sealed record SubmissionDeadline(DestinationKind Destination, DeadlineRule Rule, string AtRiskNl, string AtRiskEn, string Source);

/// <summary>How a submission deadline follows from the start date.</summary>
public enum DeadlineRule
{
    /// <summary>Before the start: at the latest the day before.</summary>
    BeforeStart,

    /// <summary>At the latest the working day before the start (the adviserend arts).</summary>
    WorkingDayBeforeStart,
}

/// <summary>The last day a message may reach its body in time, by the rules in force on the start date.</summary>
public sealed class SubmissionDeadlines(Rules.DatedTable<IReadOnlyList<SubmissionDeadline>> rules, WorkingDayCalendar calendar)
{
    /// <summary>The deadline of the body of <paramref name="destination"/> for an activity starting on <paramref name="start"/>, if it has one.</summary>
    public (DateOnly DueBy, SubmissionDeadline Rule)? For(DestinationKind destination, DateOnly start)
    {
        var rule = rules.RowAt(start)?.Value.FirstOrDefault(r => r.Destination == destination);
        return rule is null ? null : (rule.Rule == DeadlineRule.WorkingDayBeforeStart ? calendar.WorkingDayBefore(start) : start.AddDays(-1), rule);
    }
}
