using Polly.CircuitBreaker;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Tests.Dispatch;

/// <summary>The dispatcher's decisions for each kind of agency answer and failure, with fake time.</summary>
public class DeliveryDispatcherTests
{
    [Fact]
    public async Task Receipt_MovesToSent_WithTheAnswerDueAfterTheAgreedAnswerTime()
    {
        using var hub = new DispatcherFixture();
        hub.Adapter.Answer = (_, _) => Task.FromResult(AgencyAnswer.Receipt("R-17"));

        var record = await hub.DispatchOneAsync();

        Assert.Equal((DeliveryState.Pending, DeliveryState.Sent, 1, "receipt"), (record.From, record.To, record.Attempts, record.Outcome));
        Assert.Equal(DispatcherFixture.Now.AddDays(1), record.AnswerDueAt);
        Assert.Equal("R-17", record.Reference);
        Assert.Equal("Pending → Sent (receipt)", record.AuditDetail);
    }

    [Theory]
    [InlineData("2027-01-04", "2027-02-15T23:00:00Z")] // 30 working days after Monday 4 January: Monday 15 February, due by its end (CET)
    [InlineData("2027-03-01", "2027-04-13T22:00:00Z")] // Easter Monday skipped: Tuesday 13 April, due by its end (CEST)
    public async Task Receipt_WithAWorkingDayRule_IsDueThatManyWorkingDaysAfterTheStart_NotAfterSending(string start, string due)
    {
        using var hub = new DispatcherFixture(o => o.AnswerWorkingDaysFromStart = 30);
        hub.Outbox.Content = hub.Outbox.Content with { Activity = hub.Outbox.Content.Activity with { StartDate = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture) } };

        var record = await hub.DispatchOneAsync();

        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture), record.AnswerDueAt);
    }

    [Fact]
    public async Task ImmediateAcceptance_IsAcknowledged_ImmediateRefusal_IsRejectedWithTheReason()
    {
        using var hub = new DispatcherFixture();
        hub.Adapter.Answer = (_, _) => Task.FromResult(AgencyAnswer.Accepted("DIMONA-1"));
        var accepted = await hub.DispatchOneAsync();
        hub.Adapter.Answer = (_, _) => Task.FromResult(AgencyAnswer.Refused("D-042", "werkgever onbekend"));
        var refused = await hub.DispatchOneAsync();

        Assert.Equal((DeliveryState.Acknowledged, "DIMONA-1"), (accepted.To, accepted.Reference));
        Assert.Equal((DeliveryState.Rejected, "D-042", "werkgever onbekend"), (refused.To, refused.ReasonCode, refused.Error));
    }

    [Fact]
    public async Task TransientFailure_SchedulesTheNextAttempt_WithinTheBackoffOfTheFirstFailure()
    {
        using var hub = new DispatcherFixture();
        hub.Adapter.Answer = (_, _) => throw new DeliveryFailedException("agency answered 503", transient: true);

        var record = await hub.DispatchOneAsync();

        Assert.Equal((DeliveryState.RetryScheduled, 1, "failed"), (record.To, record.Attempts, record.Outcome));
        Assert.InRange(record.NextDueAt!.Value, DispatcherFixture.Now.AddSeconds(1), DispatcherFixture.Now.AddSeconds(2));
        Assert.Equal("agency answered 503", record.Error);
    }

    [Fact]
    public async Task TransientFailure_OnTheLastAttemptOfTheBudget_DeadLetters()
    {
        using var hub = new DispatcherFixture();
        hub.Adapter.Answer = (_, _) => throw new DeliveryFailedException("agency answered 503", transient: true);

        var record = await hub.DispatchOneAsync(attemptsSoFar: 2, state: DeliveryState.RetryScheduled);

        Assert.Equal((DeliveryState.RetryScheduled, DeliveryState.DeadLettered, 3), (record.From, record.To, record.Attempts));
        Assert.Contains("retry budget of 3 attempts spent", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PermanentFailure_DeadLettersAtOnce()
    {
        using var hub = new DispatcherFixture();
        hub.Adapter.Answer = (_, _) => throw new DeliveryFailedException("agency answered 400 Bad Request", transient: false);

        var record = await hub.DispatchOneAsync();

        Assert.Equal((DeliveryState.DeadLettered, 1, "agency answered 400 Bad Request"), (record.To, record.Attempts, record.Error));
    }

    [Fact]
    public async Task AnAgencyThatDoesNotAnswer_TimesOutWhenTheClockPassesTheAttemptTimeout_AndIsRetried()
    {
        using var hub = new DispatcherFixture();
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Adapter.Answer = async (_, ct) =>
        {
            called.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };
        var id = hub.Outbox.Add(0, DeliveryState.Pending);

        var round = hub.Dispatcher.RunOnceAsync(default);
        await called.Task;
        hub.Time.Advance(TimeSpan.FromSeconds(10));
        await round;

        var record = hub.Outbox.Completed[id];
        Assert.Equal((DeliveryState.RetryScheduled, 1, "failed"), (record.To, record.Attempts, record.Outcome));
    }

    [Fact]
    public async Task OpenCircuit_TheAgencyIsNotCalled_AndTheRetryBudgetIsNotSpent()
    {
        using var hub = new DispatcherFixture();
        hub.Adapter.Answer = (_, _) => throw new DeliveryFailedException("agency answered 503", transient: true);
        await hub.DispatchOneAsync();
        await hub.DispatchOneAsync();
        Assert.Equal(CircuitState.Open, hub.Pipelines.CircuitStates()[Destination.Dimona.Id]);
        var calls = hub.Adapter.Calls;

        var record = await hub.DispatchOneAsync(attemptsSoFar: 1, state: DeliveryState.RetryScheduled);

        Assert.Equal(calls, hub.Adapter.Calls);
        Assert.Equal((DeliveryState.RetryScheduled, 1, false, "not-called"), (record.To, record.Attempts, record.CountsAsAttempt, record.Outcome));
        Assert.Equal(DispatcherFixture.Now.AddSeconds(30), record.NextDueAt);
    }

    [Fact]
    public async Task EveryRound_FirstMarksLateAnswersOverdue_WithTheAuditText()
    {
        using var hub = new DispatcherFixture();
        hub.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, await hub.Dispatcher.RunOnceAsync(default));

        var (now, audit) = Assert.Single(hub.Outbox.OverdueScans);
        Assert.Equal(DispatcherFixture.Now.AddMinutes(5), now);
        Assert.Equal(("DeliveryOverdue", "de afgesproken antwoordtermijn is verstreken"), (audit.Kind, audit.Detail));
    }

    [Fact]
    public async Task MessageSent_CarriesTheDeliveryMessageIdAndVersion()
    {
        using var hub = new DispatcherFixture();
        OutboundMessage? sent = null;
        hub.Adapter.Answer = (message, _) =>
        {
            sent = message;
            return Task.FromResult(AgencyAnswer.Accepted("D"));
        };

        await hub.DispatchOneAsync();

        Assert.NotNull(sent);
        Assert.Equal((1, MessageKind.Create, Destination.Dimona), (sent.Version, sent.Kind, sent.Destination));
        Assert.NotEqual(Guid.Empty, sent.MessageId);
    }
}
