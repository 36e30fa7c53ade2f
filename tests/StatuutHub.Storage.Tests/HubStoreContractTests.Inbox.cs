using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>An office's inbox on every provider: only the requests addressed to it, in the states asked, with the content of their
/// version and the attest's current version; another office's request is not found; an opening goes into the delivery's chain.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task Inbox_ListsAndFindsOnlyTheOfficesOwnRequests_AndAnOpeningIsAudited()
    {
        var attest = TestAttests.For(4400, Benefits.SocialIntegration);
        await _store.SubmitAsync(attest, "initiative:test", T0, default);
        foreach (var d in await _store.ClaimDueDeliveriesAsync("p", T0, T0.AddMinutes(1), 10, default))
        {
            await _store.CompleteAttemptAsync("p", Attempt(d, DeliveryState.Sent), default);
        }

        var waiting = await _store.ListInboxAsync("ocmw-44021", [DeliveryState.Sent, DeliveryState.Overdue], newestFirst: false, 10, default);
        var request = Assert.Single(waiting);
        Assert.Equal((attest.AttestId, 1, 1, false, DeliveryState.Sent), (request.AttestId, request.Version, request.CurrentVersion, request.Cancelled, request.State));
        Assert.Equal(attest.Participant.Insz, request.Content.Participant.Insz);
        Assert.Empty(await _store.ListInboxAsync("ocmw-11002", [DeliveryState.Sent, DeliveryState.Overdue], newestFirst: false, 10, default));
        Assert.Empty(await _store.ListInboxAsync("ocmw-44021", [DeliveryState.Acknowledged], newestFirst: true, 10, default));

        Assert.NotNull(await _store.FindInboxRequestAsync("ocmw-44021", request.DeliveryId, default));
        Assert.Null(await _store.FindInboxRequestAsync("ocmw-11002", request.DeliveryId, default));

        await _store.RecordRequestOpenedAsync(request.DeliveryId, "office:ocmw-44021:jan", T0.AddMinutes(5), default);
        var history = (await _store.GetAttestAsync(attest.AttestId, default))!.History;
        Assert.Contains(history, h => h.Kind == "RequestOpened" && h.Actor == "office:ocmw-44021:jan" && h.Destination == "ocmw-44021");
        Assert.True((await _store.VerifyAuditAsync(default)).Intact);
    }
}
