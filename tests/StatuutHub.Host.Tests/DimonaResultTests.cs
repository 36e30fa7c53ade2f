using System.Net;
using System.Text.Json;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Host.Tests;

/// <summary>Dimona as it is: a ticket at once, the result later. Accepted, accepted with anomalies (shown to the
/// initiative and the support desk), refused (the attest is Refused), or still waiting (recorded, then decided).</summary>
public class DimonaResultTests
{
    private static async Task<(TestHub Hub, Guid Id)> DeclareAsync(DimonaOutcome outcome, (string, string)? refusal = null)
    {
        var hub = await TestHub.StartAsync("--Simulator:DecisionDelay=00:00:00.050");
        hub.Simulator[DestinationKind.Dimona].DimonaOutcome = _ => outcome;
        hub.Simulator[DestinationKind.Dimona].Refusal = _ => refusal;
        var attest = Attests.New(); // no benefit: Dimona is the only body
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        await hub.SettleAsync();
        return (hub, Attests.IdOf(attest));
    }

    private static JsonElement Dimona(JsonElement status) =>
        status.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("destination").GetString() == "dimona");

    private static IEnumerable<string> History(JsonElement delivery) =>
        delivery.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("kind").GetString()}: {h.GetProperty("detail").GetString()}");

    [Fact]
    public async Task Accepted_TheTicketFirst_ThenTheDeclarationId()
    {
        var (hub, id) = await DeclareAsync(DimonaOutcome.Accepted);
        await using var _ = hub;

        var status = await hub.StatusAsync(id);
        var dimona = Dimona(status);
        Assert.Equal(("Recognised", "Acknowledged"), (status.GetProperty("status").GetString(), dimona.GetProperty("state").GetString()));
        Assert.Contains(History(dimona), h => h.StartsWith("DeliverySent: Pending → Sent (receipt)", StringComparison.Ordinal));
        Assert.Contains(History(dimona), h => h.StartsWith("DecisionApproved: goedgekeurd door dimona (ref ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AcceptedWithAnomalies_IsRecognised_AndTheAnomaliesAreShown()
    {
        var (hub, id) = await DeclareAsync(DimonaOutcome.AcceptedWithAnomalies);
        await using var _ = hub;

        var status = await hub.StatusAsync(id);
        var dimona = Dimona(status);
        Assert.Equal(("Recognised", "Acknowledged", "DIMONA_ANOMALIES"),
            (status.GetProperty("status").GetString(), dimona.GetProperty("state").GetString(), dimona.GetProperty("reasonCode").GetString()));
        Assert.Contains(History(dimona), h => h.Contains("W021: einddatum ontbreekt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_TheAttestIsRefused_WithTheReason()
    {
        var (hub, id) = await DeclareAsync(DimonaOutcome.Accepted, ("B001", "onbekende werkgever"));
        await using var _ = hub;

        var status = await hub.StatusAsync(id);
        var dimona = Dimona(status);
        Assert.Equal(("Refused", "Rejected", "B001"),
            (status.GetProperty("status").GetString(), dimona.GetProperty("state").GetString(), dimona.GetProperty("reasonCode").GetString()));
        Assert.Contains(History(dimona), h => h.Contains("onbekende werkgever", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StillWaiting_IsRecorded_AndTheLaterResultDecides()
    {
        var (hub, id) = await DeclareAsync(DimonaOutcome.WaitingThenAccepted);
        await using var _ = hub;

        var dimona = Dimona(await hub.StatusAsync(id));
        var history = History(dimona).ToArray();
        var waiting = Array.FindIndex(history, h => h.StartsWith("DecisionPending: dimona: nog in behandeling", StringComparison.Ordinal));
        var approved = Array.FindIndex(history, h => h.StartsWith("DecisionApproved:", StringComparison.Ordinal));
        Assert.True(waiting >= 0 && approved > waiting, string.Join(" | ", history));
        Assert.Equal("Acknowledged", dimona.GetProperty("state").GetString());
    }
}
