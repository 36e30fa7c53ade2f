using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Rules;

namespace StatuutHub.Domain.Tests.Calendar;

public class SubmissionDeadlinesTests
{
    private static readonly SubmissionDeadlines Deadlines = new(
        new DatedTable<IReadOnlyList<SubmissionDeadline>>("submissionDeadlines",
        [
            new(new DateOnly(2000, 1, 1), null,
            [
                new SubmissionDeadline(DestinationKind.Mutualiteit, DeadlineRule.WorkingDayBeforeStart, "10 %", "10 %", "RIZIV"),
                new SubmissionDeadline(DestinationKind.Dimona, DeadlineRule.BeforeStart, "laat", "late", "RSZ"),
            ], "test"),
        ]),
        new WorkingDayCalendar(new DatedTable<IReadOnlyList<PublicHoliday>>("publicHolidays",
            [new(new DateOnly(2000, 1, 1), null, [new PublicHoliday("Paasmaandag", null, null, 1)], "test")])));

    [Theory]
    [InlineData("2027-01-05", "2027-01-04")] // Tuesday: Monday
    [InlineData("2027-01-11", "2027-01-08")] // Monday: the Friday before
    [InlineData("2027-03-30", "2027-03-26")] // Tuesday after Easter Monday: the Friday before Easter
    public void TheAdviser_NeedsItTheWorkingDayBeforeTheStart(string start, string dueBy) =>
        Assert.Equal(Date(dueBy), Deadlines.For(DestinationKind.Mutualiteit, Date(start))!.Value.DueBy);

    [Fact]
    public void Dimona_IsDueTheDayBeforeTheStart_EvenOnAWeekend() =>
        Assert.Equal(Date("2027-01-10"), Deadlines.For(DestinationKind.Dimona, Date("2027-01-11"))!.Value.DueBy);

    [Fact]
    public void ABodyWithoutARule_HasNoDeadline() => Assert.Null(Deadlines.For(DestinationKind.Ocmw, Date("2027-01-11")));

    private static DateOnly Date(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
