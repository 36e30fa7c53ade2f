using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>Delivery lists page both ways and say how many they match, on every provider.</summary>
public abstract partial class HubStoreContractTests
{
    [Fact]
    public async Task ListDeliveries_PagesBackAndForth_AndCountsTheFilter()
    {
        for (var i = 0; i < 5; i++)
        {
            await _store.SubmitAsync(TestAttests.For(250 + i, Benefits.Incapacity), "a", T0, default);
        }

        var query = new DeliveryQuery(Destination: "mutualiteit", PageSize: 2);
        var first = await _store.ListDeliveriesAsync(query, default);
        Assert.Equal((5L, false, (long?)null), (first.Total, first.TotalIsAtLeast, first.PreviousAfter)); // from the counters
        var second = await _store.ListDeliveriesAsync(query with { Before = first.NextBefore }, default);
        var third = await _store.ListDeliveriesAsync(query with { Before = second.NextBefore }, default);
        Assert.Equal((1, (long?)null), (third.Items.Count, third.NextBefore));
        Assert.Equal(third.Items[0].DeliveryId, third.PreviousAfter); // newer than its first row

        // Back from the third page: the second again, then the first, which has nothing newer.
        var back = await _store.ListDeliveriesAsync(query with { After = third.PreviousAfter }, default);
        Assert.Equal(second.Items.Select(d => d.DeliveryId), back.Items.Select(d => d.DeliveryId));
        var start = await _store.ListDeliveriesAsync(query with { After = back.PreviousAfter }, default);
        Assert.Equal(first.Items.Select(d => d.DeliveryId), start.Items.Select(d => d.DeliveryId));
        Assert.Null(start.PreviousAfter);

        // A filter the counters cannot answer is counted; an empty one is zero.
        var byInitiative = await _store.ListDeliveriesAsync(new DeliveryQuery(InitiativeKbo: "0123456749", State: DeliveryState.Pending, PageSize: 3), default);
        Assert.Equal((10L, false), (byInitiative.Total, byInitiative.TotalIsAtLeast)); // the mutualiteit and Dimona of each
        Assert.Equal(0, (await _store.ListDeliveriesAsync(new DeliveryQuery(State: DeliveryState.Archived), default)).Total);
        Assert.Equal(0, (await _store.ListDeliveriesAsync(query with { WithTotal = false }, default)).Total);
    }
}
