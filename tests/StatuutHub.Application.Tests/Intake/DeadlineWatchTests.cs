using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Rules;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Tests.Intake;

public class DeadlineWatchTests
{
    // The attest starts Monday 2027-01-04: the adviser needs it by Thursday 2026-12-31 (1 January is a holiday).
    private static readonly Attest Attest = Attests.With(Benefits.Incapacity);

    private static DeadlineWatch Watch(DateTimeOffset now) => new(
        new SubmissionDeadlines(
            new DatedTable<IReadOnlyList<SubmissionDeadline>>("submissionDeadlines",
                [new(new DateOnly(2000, 1, 1), null, [new SubmissionDeadline(DestinationKind.Mutualiteit, DeadlineRule.WorkingDayBeforeStart, "10 % van de uitkering", "10 % of the benefit", "RIZIV")], "test")]),
            new WorkingDayCalendar(new DatedTable<IReadOnlyList<PublicHoliday>>("publicHolidays",
                [new(new DateOnly(2000, 1, 1), null, [new PublicHoliday("Nieuwjaar", 1, 1, null)], "test")]))),
        new FixedTime(now));

    private static AttestView View(params DeliveryView[] deliveries) => new(Attest.AttestId, 1, AttestStatus.InProgress, Attest, Attests.At, deliveries, [], []);

    private static DeliveryView Delivery(MessageKind kind, DateTimeOffset? sentAt) =>
        new(1, Guid.NewGuid(), "mutualiteit-100", 1, kind, sentAt is null ? DeliveryState.Pending : DeliveryState.Sent, 1, Attests.At, sentAt, null, null, null, null, null);

    [Theory]
    [InlineData("2026-12-31T22:59:00Z", false)] // the last minute of 31 December in Brussels
    [InlineData("2026-12-31T23:00:00Z", true)]
    public void ASentMessage_IsJudgedByWhenItWasSent(string sentAt, bool late)
    {
        var sent = DateTimeOffset.Parse(sentAt, System.Globalization.CultureInfo.InvariantCulture);
        var delivery = Delivery(MessageKind.Create, sent);

        var deadline = Watch(sent.AddDays(30)).Of(View(delivery), delivery)!;

        Assert.Equal((new DateOnly(2026, 12, 31), late), (deadline.DueBy, deadline.Late));
        Assert.Equal(late ? "10 % van de uitkering" : null, deadline.AtRiskNl);
    }

    [Fact]
    public void AMessageNotSentYet_IsLateOnceTheDueDayHasEnded()
    {
        var waiting = Delivery(MessageKind.Create, null);
        Assert.False(Watch(DateTimeOffset.Parse("2026-12-31T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)).Of(View(waiting), waiting)!.Late);
        Assert.True(Watch(DateTimeOffset.Parse("2027-01-02T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)).Of(View(waiting), waiting)!.Late);
    }

    [Fact]
    public void OnlyTheFirstMessageHasADeadline()
    {
        var amend = Delivery(MessageKind.Amend, null);
        Assert.Null(Watch(Attests.At).Of(View(amend), amend));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
