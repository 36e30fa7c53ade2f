using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Tests;

/// <summary>The statements that still name states (the claim, the overdue scan, the queue's oldest message: they repeat the partial
/// indexes' conditions, which SQLite needs as written) agree with the domain's rules for every state and message kind, on every
/// engine. The rows are put in each state straight in the database, as no flow of the hub would reach most of them.</summary>
public abstract partial class HubStoreContractTests
{
    private static readonly IEnumerable<(DeliveryState State, MessageKind Kind)> EveryStateAndKind =
        Enum.GetValues<DeliveryState>().SelectMany(state => Enum.GetValues<MessageKind>().Select(kind => (state, kind)));

    [Fact]
    public async Task Claim_HoldsALaterVersionBack_ExactlyWhenTheDomainSays()
    {
        var person = 300;
        var disagreements = new List<string>();
        foreach (var (state, kind) in EveryStateAndKind)
        {
            var attest = TestAttests.For(person++, Benefits.Unemployment);
            await _store.SubmitAsync(attest, "a", T0, default);
            await _store.ChangeAsync(attest.AttestId, AttestChange.Amended, attest with { Activity = attest.Activity with { HoursPerWeek = 20 } }, "a", T0, default);
            var vdab = (await _store.GetAttestAsync(attest.AttestId, default))!.Deliveries.Where(d => d.Destination == "vdab").ToDictionary(d => d.Version);
            await TamperAsync($"UPDATE deliveries SET state = '{state}', message_kind = '{kind}' WHERE delivery_id = {vdab[1].DeliveryId}");

            var claimed = await _store.ClaimDueDeliveriesAsync("p", T0.AddHours(1), T0.AddHours(2), 1000, default);

            if (claimed.Any(d => d.DeliveryId == vdab[2].DeliveryId) == DeliveryChain.HoldsBackLaterVersions(state, kind))
            {
                disagreements.Add($"{state}/{kind}");
            }
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public async Task Claim_CarriesTheAwaitedReference_ExactlyWhenTheDomainSaysItIsAPermission()
    {
        var person = 400;
        var disagreements = new List<string>();
        foreach (var (state, kind) in EveryStateAndKind)
        {
            var attest = TestAttests.For(person++, Benefits.Unemployment);
            await _store.SubmitAsync(attest, "a", T0, default);
            var deliveries = (await _store.GetAttestAsync(attest.AttestId, default))!.Deliveries;
            var vdab = deliveries.Single(d => d.Destination == "vdab").DeliveryId;
            var rva = deliveries.Single(d => d.Destination == "rva").DeliveryId;
            await TamperAsync($"UPDATE deliveries SET state = '{state}', message_kind = '{kind}', reference = 'VDAB-{person}' WHERE delivery_id = {vdab}");
            await TamperAsync($"UPDATE deliveries SET state = 'Pending' WHERE delivery_id = {rva}");

            var claimed = Assert.Single(await _store.ClaimDueDeliveriesAsync("p", T0.AddHours(1), T0.AddHours(2), 1000, default), d => d.DeliveryId == rva);

            if ((claimed.AwaitedReference == $"VDAB-{person}") != DeliveryChain.GrantsPermission(state, kind))
            {
                disagreements.Add($"{state}/{kind}");
            }
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public async Task OverdueScan_MovesALateAnswer_ExactlyWhenTheStateMachineAllowsIt()
    {
        var person = 500;
        var disagreements = new List<string>();
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            var attest = TestAttests.For(person++, Benefits.Unemployment);
            await _store.SubmitAsync(attest, "a", T0, default);
            var vdab = (await _store.GetAttestAsync(attest.AttestId, default))!.Deliveries.Single(d => d.Destination == "vdab").DeliveryId;
            // Due at T0: its answer was due then too.
            await TamperAsync($"UPDATE deliveries SET state = '{state}', answer_due_at = due_at WHERE delivery_id = {vdab}");

            var moved = await _store.MarkOverdueAsync(T0.AddDays(1), default);

            var after = (await _store.GetAttestAsync(attest.AttestId, default))!.Deliveries.Single(d => d.DeliveryId == vdab).State;
            var expected = DeliveryStateMachine.TryApply(state, DeliveryEvent.AnswerTimeExpired, out var to) ? to : state;
            if ((moved, after) != (expected == state ? 0 : 1, expected))
            {
                disagreements.Add($"{state}: moved {moved}, now {after}");
            }
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public async Task Queue_CountsTheOldestMessage_ExactlyInTheStatesThatAwaitSending()
    {
        await _store.SubmitAsync(TestAttests.For(600, Benefits.Unemployment), "a", T0, default);
        var disagreements = new List<string>();
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            await TamperAsync($"UPDATE deliveries SET state = '{state}'");

            var queue = await _store.GetQueueAsync(T0.AddHours(1), default);

            if ((queue.OldestPendingAge == TimeSpan.FromHours(1)) != DeliveryStateMachine.AwaitsSending(state))
            {
                disagreements.Add($"{state}: {queue.OldestPendingAge}");
            }
        }

        Assert.Empty(disagreements);
    }
}
