using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>Reconciliation on every provider: which deliveries are due to be asked about, and what was asked.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task Reconciliation_ListsSentDeliveriesOfAKind_OnceTheyAreLateEnough_AndNotAgainBeforeTheirNextAsk()
    {
        var attest = TestAttests.For(800, Benefits.SocialIntegration);
        await _store.SubmitAsync(attest, "a", T0, default);
        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        var ocmw = claimed.Single(d => d.Destination.Kind == DestinationKind.Ocmw);
        await _store.CompleteAttemptAsync("p", Attempt(ocmw, DeliveryState.Sent) with { AnswerDueAt = T0.AddDays(30) }, default);

        Assert.Empty(await _store.ListOutstandingDecisionsAsync(DestinationKind.Ocmw, T0.AddMinutes(-1), T0, 10, default)); // not late yet
        Assert.Empty(await _store.ListOutstandingDecisionsAsync(DestinationKind.Rva, T0.AddDays(1), T0.AddDays(1), 10, default)); // another kind
        var due = Assert.Single(await _store.ListOutstandingDecisionsAsync(DestinationKind.Ocmw, T0.AddDays(1), T0.AddDays(1), 10, default));
        Assert.Equal((ocmw.MessageId, DestinationKind.Ocmw), (due.MessageId, due.Kind));
        Assert.Equal(due, await _store.FindOutstandingDecisionAsync(due.DeliveryId, default));

        await _store.RecordDecisionQueryAsync(due.DeliveryId, "nog geen beslissing", "reconciler", T0.AddDays(1), T0.AddDays(1).AddHours(6), default);
        await _store.RecordDecisionQueryAsync(due.DeliveryId, "nog geen beslissing", "reconciler", T0.AddDays(1).AddHours(6), T0.AddDays(1).AddHours(12), default);
        Assert.Empty(await _store.ListOutstandingDecisionsAsync(DestinationKind.Ocmw, T0.AddDays(2), T0.AddDays(1).AddHours(7), 10, default));
        Assert.Single(await _store.ListOutstandingDecisionsAsync(DestinationKind.Ocmw, T0.AddDays(2), T0.AddDays(1).AddHours(12), 10, default));

        var view = (await _store.GetAttestAsync(attest.AttestId, default))!;
        var delivery = view.Deliveries.Single(d => d.DeliveryId == due.DeliveryId);
        Assert.Equal((T0.AddDays(1).AddHours(6), "nog geen beslissing"), (delivery.AskedAt!.Value, delivery.AskedAnswer));
        Assert.Single(view.History, h => h.Kind == "DecisionAsked"); // the same answer twice: recorded once in the history

        await _store.ApplyDecisionAsync(new AgencyAck(DestinationKind.Ocmw, ocmw.MessageId, true, null, null, "R-1", T0.AddDays(2)),
            t => new DecisionEffect(AckOutcome.Applied, DeliveryState.Acknowledged, new AuditEntry("DecisionApproved", "ok")), default);
        Assert.Empty(await _store.ListOutstandingDecisionsAsync(DestinationKind.Ocmw, T0.AddDays(9), T0.AddDays(9), 10, default));
        Assert.Null(await _store.FindOutstandingDecisionAsync(due.DeliveryId, default));
    }
}
