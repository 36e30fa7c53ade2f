using System.Globalization;
using StatuutHub.Application.Acks;
using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Application.Tests.Intake;

/// <summary>The shipped deadline rules as the status shows them, on both sides of each boundary: the adviser's 14 days,
/// Dimona's IN at the start, its OUT the first working day after the end and its cancellation on the start date. The
/// activity runs Monday 2027-01-11 to Wednesday 2027-06-30.</summary>
public class ShippedDeadlineTests
{
    private static readonly Domain.Rules.RuleTables Tables = RuleTablesJson.LoadDefault();

    private static readonly Attest Attest = Attests.With(Benefits.Incapacity) with
    {
        Activity = new Activity(new DateOnly(2027, 1, 11), new DateOnly(2027, 6, 30), 16, "Atelier hout", null, 0m, null),
    };

    private static DeadlineWatch Watch => new(new SubmissionDeadlines(Tables.SubmissionDeadlines, new WorkingDayCalendar(Tables.PublicHolidays)), TimeProvider.System);

    private static DeliveryDeadline Of(string destination, MessageKind kind, string sentAtBrussels)
    {
        var sent = new DateTimeOffset(DateTime.Parse(sentAtBrussels, CultureInfo.InvariantCulture), TimeSpan.FromHours(1));
        var delivery = new DeliveryView(1, Guid.NewGuid(), destination, 1, kind, DeliveryState.Sent, 1, sent, sent, null, null, null, null, null);
        return Watch.Of(new AttestView(Attest.AttestId, 1, AttestStatus.InProgress, Attest, Attests.At, [delivery], [], []), delivery)!;
    }

    [Theory]
    [InlineData("2027-01-08 16:00", false, null, false)] // Friday, the working day before the Monday start
    [InlineData("2027-01-09 09:00", true, 0, false)]     // Saturday: late, no activity day before it yet
    [InlineData("2027-01-24 09:00", true, 14, false)]    // the 14th day from the start: 10 % for 14 days
    [InlineData("2027-01-25 09:00", true, 15, true)]     // the 15th: the benefit of those days can be claimed back
    public void TheAdvisersRequest_TheWorkingDayBefore_Then10Percent_ThenAll(string sent, bool late, int? days, bool afterGrace)
    {
        var deadline = Of("mutualiteit-100", MessageKind.Create, sent);
        Assert.Equal((new DateOnly(2027, 1, 8), late, days, afterGrace), (deadline.DueBy, deadline.Late, deadline.LateDays, deadline.AfterGrace));
        if (late)
        {
            Assert.Contains($"({days} dagen)", deadline.AtRiskNl, StringComparison.Ordinal);
            Assert.Contains(afterGrace ? "terugvorderen" : "10 %", deadline.AtRiskNl, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(MessageKind.Create, "2027-01-11 07:00", "2027-01-11", false)] // IN: at the latest when the activity starts
    [InlineData(MessageKind.Create, "2027-01-12 07:00", "2027-01-11", true)]
    [InlineData(MessageKind.End, "2027-07-01 17:00", "2027-07-01", false)]    // OUT: the first working day after Wednesday 30 June
    [InlineData(MessageKind.End, "2027-07-02 08:00", "2027-07-01", true)]
    [InlineData(MessageKind.Cancel, "2027-01-11 18:00", "2027-01-11", false)] // CANCEL: at the latest on the start date
    [InlineData(MessageKind.Cancel, "2027-01-12 08:00", "2027-01-11", true)]
    public void Dimona_InAtTheStart_OutTheWorkingDayAfterTheEnd_CancelOnTheStartDate(MessageKind kind, string sent, string due, bool late)
    {
        var deadline = Of("dimona", kind, sent);
        Assert.Equal((DateOnly.Parse(due, CultureInfo.InvariantCulture), late), (deadline.DueBy, deadline.Late));
    }

    [Fact]
    public void AnOpenEndedAttest_EndsForRenewalsTheDayBeforeThePension_SoNoRenewalIsPlannedPastIt()
    {
        // Born 1963-12-10: 66 on 2029-12-10, pension 2030-01-01; an approval on 2029-03-01 lasts to 2030-02-28.
        var attest = Attests.With(Benefits.SocialIntegration) with
        {
            Participant = Attests.With(Benefits.SocialIntegration).Participant with { BirthDate = new DateOnly(1963, 12, 10) },
            Activity = new Activity(new DateOnly(2029, 2, 1), null, 16, "Atelier hout", null, 0m, null),
        };
        var submission = AttestChanges.Submission(attest, Tables.Routing, "test", Attests.At, [], (_, _) => null);
        Assert.Equal(new DateOnly(2029, 12, 31), submission.LastDay);

        var ack = new AgencyAck(DestinationKind.Ocmw, Guid.NewGuid(), true, null, null, "OCMW-1", new DateTimeOffset(2029, 3, 1, 10, 0, 0, TimeSpan.Zero));
        var capped = AgencyDecisions.Decide(ack, new DeliveryTarget(1, "ocmw-44021", DeliveryState.Sent, MessageKind.Create, 1, submission.LastDay), Tables.Routing);
        Assert.Null(capped.Renewal);

        // Born 1985-07-30 (pension age 67, pension 2052-08-01): the open end stops at 2052-07-31, and this year's renewal is planned.
        var younger = AttestChanges.Submission(Attests.With(Benefits.SocialIntegration) with { Activity = attest.Activity }, Tables.Routing, "test", Attests.At, [], (_, _) => null);
        Assert.Equal(new DateOnly(2052, 7, 31), younger.LastDay);
        Assert.NotNull(AgencyDecisions.Decide(ack, new DeliveryTarget(1, "ocmw-44021", DeliveryState.Sent, MessageKind.Create, 1, younger.LastDay), Tables.Routing).Renewal);
    }
}
