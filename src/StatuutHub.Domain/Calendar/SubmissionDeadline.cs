using StatuutHub.Domain.Routing;

namespace StatuutHub.Domain.Calendar;

/// <summary>By when a body must have one kind of message (a first message, an end, a cancellation), relative to the
/// activity's start or end, and what is at risk when it comes later (docs/domain.md, "Who must agree, and when"). Rules
/// data, with its source. A row with <see cref="GraceDays"/> has two consequences: a message late by at most that many
/// days (counted from the start, the start day being day 1) risks <see cref="AtRiskNl"/>, a later one
/// <see cref="AtRiskAfterGraceNl"/>; <c>{days}</c> in those texts is replaced by the days counted.</summary>
public sealed record SubmissionDeadline(DestinationKind Destination, DeadlineRule Rule, string AtRiskNl, string AtRiskEn, string Source)
{
    /// <summary>The kind of message the deadline is for; a create unless the row says otherwise.</summary>
    public MessageKind Kind { get; init; } = MessageKind.Create;

    /// <summary>The days after the start within which a late message risks the lesser consequence; null: one consequence.</summary>
    public int? GraceDays { get; init; }

    /// <summary>What is at risk when the message comes more than <see cref="GraceDays"/> days after the start.</summary>
    public string? AtRiskAfterGraceNl { get; init; }

    /// <summary>The English of <see cref="AtRiskAfterGraceNl"/>.</summary>
    public string? AtRiskAfterGraceEn { get; init; }

    /// <summary>What a message of this deadline that reaches the body on <paramref name="arrives"/>, late, puts at risk for an
    /// activity starting on <paramref name="start"/>: the days from the start up to that day, and which consequence holds.</summary>
    public LateConsequence LateBy(DateOnly start, DateOnly arrives)
    {
        var days = Math.Max(0, arrives.DayNumber - start.DayNumber + 1);
        var afterGrace = GraceDays is { } grace && days > grace && AtRiskAfterGraceNl is not null;
        var (nl, en) = afterGrace ? (AtRiskAfterGraceNl!, AtRiskAfterGraceEn ?? AtRiskAfterGraceNl!) : (AtRiskNl, AtRiskEn);
        var count = days.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new LateConsequence(days, afterGrace, nl.Replace("{days}", count, StringComparison.Ordinal), en.Replace("{days}", count, StringComparison.Ordinal));
    }
}

/// <summary>What a late message puts at risk: the activity days up to its arrival and whether the grace period had passed.</summary>
public sealed record LateConsequence(int Days, bool AfterGrace, string AtRiskNl, string AtRiskEn);

/// <summary>How a submission deadline follows from the activity's dates.</summary>
public enum DeadlineRule
{
    /// <summary>Before the start: at the latest the day before.</summary>
    BeforeStart,

    /// <summary>At the latest the working day before the start (the adviserend arts).</summary>
    WorkingDayBeforeStart,

    /// <summary>At the latest when the activity starts, on the start day itself (a Dimona IN; a Dimona cancellation).</summary>
    AtStart,

    /// <summary>At the latest the first working day after the last day (a Dimona OUT).</summary>
    FirstWorkingDayAfterEnd,
}

/// <summary>The last day a message may reach its body in time, by the rules in force on the start date.</summary>
public sealed class SubmissionDeadlines(Rules.DatedTable<IReadOnlyList<SubmissionDeadline>> rules, WorkingDayCalendar calendar)
{
    /// <summary>The deadline of a first message to <paramref name="destination"/> for an activity starting on <paramref name="start"/>, if it has one.</summary>
    public (DateOnly DueBy, SubmissionDeadline Rule)? For(DestinationKind destination, DateOnly start) => For(destination, MessageKind.Create, start, null);

    /// <summary>The deadline of a message of <paramref name="kind"/> to <paramref name="destination"/> for an activity from
    /// <paramref name="start"/> to <paramref name="end"/>, if its body sets one (an end's deadline needs the end).</summary>
    public (DateOnly DueBy, SubmissionDeadline Rule)? For(DestinationKind destination, MessageKind kind, DateOnly start, DateOnly? end)
    {
        var rule = rules.RowAt(start)?.Value.FirstOrDefault(r => r.Destination == destination && r.Kind == kind);
        DateOnly? due = rule?.Rule switch
        {
            DeadlineRule.BeforeStart => start.AddDays(-1),
            DeadlineRule.WorkingDayBeforeStart => calendar.WorkingDayBefore(start),
            DeadlineRule.AtStart => start,
            DeadlineRule.FirstWorkingDayAfterEnd when end is { } last => calendar.FirstWorkingDayAfter(last),
            _ => null,
        };
        return due is { } day ? (day, rule!) : null;
    }
}
