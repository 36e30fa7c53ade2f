using StatuutHub.Application.Support;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>Support staff's moves on every provider: archive and put back, with the counters and the trail following.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task Archive_TakesOnlyDeadLetters_OffTheFailureGroups_CountsFollow_UnarchiveAndReplayBringThemBack()
    {
        for (var i = 0; i < 3; i++)
        {
            await _store.SubmitAsync(TestAttests.For(350 + i, Benefits.None), "a", T0, default);
        }

        var claimed = await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default);
        await _store.CompleteAttemptAsync("p", Attempt(claimed[0], DeliveryState.DeadLettered) with { Error = "agency answered 400 Bad Request: nope" }, default);
        await _store.CompleteAttemptAsync("p", Attempt(claimed[1], DeliveryState.DeadLettered) with { Error = "agency answered 400 Bad Request: nope" }, default);
        await _store.CompleteAttemptAsync("p", Attempt(claimed[2], DeliveryState.RetryScheduled) with { Error = "agency answered 503", NextDueAt = T0.AddHours(1) }, default);

        var archived = await _store.MoveAsync([claimed[0].DeliveryId, claimed[1].DeliveryId, claimed[2].DeliveryId], SupportDesk.DecideArchive("  sent on paper, 85073003328 called  "), "support:jan", T0.AddMinutes(5), default);
        Assert.Equal(new MoveResult(2, 1), archived); // the retry-scheduled one is no dead letter
        var counts = await _store.CountDeliveriesAsync(default);
        Assert.Equal((2, 0, 1), (counts[DeliveryState.Archived], counts[DeliveryState.DeadLettered], counts[DeliveryState.RetryScheduled]));
        Assert.DoesNotContain(await _store.GetFailureGroupsAsync(default), g => g.State == DeliveryState.DeadLettered);
        Assert.Equal(2, (await _store.ListDeliveriesAsync(new DeliveryQuery(State: DeliveryState.Archived), default)).Items.Count);
        var history = (await _store.GetAttestAsync(claimed[0].AttestId, default))!.History;
        var entry = Assert.Single(history, h => h.Kind == "DeliveryArchived");
        Assert.Equal(("support:jan", "sent on paper, 85*******28 called"), (entry.Actor, entry.Detail)); // trimmed, an INSZ in it masked

        Assert.Equal(new MoveResult(1, 1), await _store.MoveAsync([claimed[0].DeliveryId, claimed[2].DeliveryId], SupportDesk.DecideUnarchive, "support:jan", T0.AddMinutes(6), default));
        Assert.Equal(new MoveResult(1, 0), await _store.RequeueAsync([claimed[1].DeliveryId], "support:jan", T0.AddMinutes(7), default));
        counts = await _store.CountDeliveriesAsync(default);
        Assert.Equal((0, 1), (counts[DeliveryState.Archived], counts[DeliveryState.DeadLettered]));
        var again = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddMinutes(7), T0.AddMinutes(8), 10, default));
        Assert.Equal((claimed[1].DeliveryId, 0), (again.DeliveryId, again.Attempts)); // an archived dead letter replayed gets a fresh budget
        Assert.Throws<ArgumentException>(() => SupportDesk.DecideArchive(" "));
    }
}
