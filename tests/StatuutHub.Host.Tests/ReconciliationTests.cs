using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Application.Reconciliation;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests;

/// <summary>Reconciliation: when an agency's callback does not come, the hub asks the agency (<c>GET decisions/{messageId}</c>)
/// and applies the answer through the same use case as a callback — once, whichever comes first; an agency that lost the
/// message gets it again; every answer is shown on the delivery.</summary>
public sealed class ReconciliationTests
{
    private static DecisionReconciler Reconciler(TestHub hub) => hub.Hub.App.Services.GetRequiredService<DecisionReconciler>();

    private static JsonElement Delivery(JsonElement status, string destination) =>
        status.GetProperty("deliveries").EnumerateArray().First(d => d.GetProperty("destination").GetString()!.StartsWith(destination, StringComparison.Ordinal));

    [Fact]
    public async Task AnAgencyThatNeverCallsBack_ItsDecisionArrivesByReconciliation_AndTheLateCallbackIsADuplicate()
    {
        await using var hub = await TestHub.StartAsync("--Destinations:mutualiteit:ReconcileAfter=01:00:00");
        var mutualiteit = hub.Simulator[DestinationKind.Mutualiteit];
        mutualiteit.ForgetsCallbacks = true;
        var attest = Attests.New("INCAPACITY");
        await hub.SubmitAsync(attest);
        await hub.SettleAsync();
        Assert.Equal("Sent", Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "mutualiteit").GetProperty("state").GetString());

        // Not yet: the decision is not late enough to ask about.
        Assert.Equal(0, await Reconciler(hub).RunOnceAsync(everythingOutstanding: false, default));
        hub.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Reconciler(hub).RunOnceAsync(everythingOutstanding: false, default));

        var status = await hub.StatusAsync(Attests.IdOf(attest));
        var delivery = Delivery(status, "mutualiteit");
        Assert.Equal("Acknowledged", delivery.GetProperty("state").GetString());
        Assert.Equal("Recognised", status.GetProperty("status").GetString());
        Assert.Contains("goedgekeurd", delivery.GetProperty("lastAsked").GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Contains(delivery.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "DecisionAsked");
        Assert.Equal(1, mutualiteit.Queries);
        var metrics = await hub.Client.GetStringAsync("metrics");
        Assert.Matches("statuut_reconciliations_total\\{otel_scope_name=\"StatuutHub\",answer=\"changed\",destination=\"mutualiteit\"\\} 1", metrics);

        // The callback that was late after all: the same decision, applied once.
        using var agency = hub.ClientWith(DemoCredentials.AgencyKey(DestinationKind.Mutualiteit));
        using var late = await agency.PostAsJsonAsync("api/v1/acks/mutualiteit", new { messageId = delivery.GetProperty("messageId").GetString(), decision = "APPROVED", reference = delivery.GetProperty("reference").GetString() });
        Assert.Equal("duplicate", (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        // And a decided delivery is not asked about again.
        hub.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await Reconciler(hub).RunOnceAsync(everythingOutstanding: false, default));
    }

    [Fact]
    public async Task ADecidedDelivery_IsNeverAskedAbout_NorCanAnOperatorAskAboutIt()
    {
        await using var hub = await TestHub.StartAsync();
        var ocmw = hub.Simulator[DestinationKind.Ocmw];
        ocmw.ForgetsCallbacks = true; // the agency approves, but its callback never comes
        var attest = Attests.New("SOCIAL_INTEGRATION");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        var messageId = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "ocmw").GetProperty("messageId").GetString();

        // The decision comes by another way (here: posted by hand) before the hub asks.
        using var agency = hub.ClientWith(DemoCredentials.AgencyKey(DestinationKind.Ocmw));
        Assert.Equal(HttpStatusCode.OK, (await agency.PostAsJsonAsync("api/v1/acks/ocmw", new { messageId, decision = "APPROVED", reference = "R-1" })).StatusCode);
        await hub.WaitForDecisionsAsync();
        await Reconciler(hub).RunOnceAsync(everythingOutstanding: true, default);
        Assert.Equal(0, ocmw.Queries); // decided: nothing to ask the OCMW

        var deliveryId = (await hub.Hub.App.Services.GetRequiredService<StatuutHub.Storage.Contract.IHubStore>().GetAttestAsync(Attests.IdOf(attest), default))!
            .Deliveries.First(d => d.Destination.StartsWith("ocmw", StringComparison.Ordinal)).DeliveryId;
        using var staff = hub.ClientWith(DemoCredentials.OperatorKey);
        using var notWaiting = await staff.PostAsync($"api/v1/admin/deliveries/{deliveryId}/ask-status", null);
        Assert.Equal(HttpStatusCode.NotFound, notWaiting.StatusCode);
        Assert.Equal(0, ocmw.Queries);
    }

    [Fact]
    public async Task AnOperatorAsksNow_TheRefusalIsApplied_AndShownWithWhoAsked()
    {
        await using var hub = await TestHub.StartAsync();
        var vdab = hub.Simulator[DestinationKind.Vdab];
        vdab.ForgetsCallbacks = true;
        vdab.Refusal = _ => ("NIET_TOELEIDBAAR", "niet toeleidbaar");
        var attest = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        var deliveryId = (await hub.Hub.App.Services.GetRequiredService<StatuutHub.Storage.Contract.IHubStore>().GetAttestAsync(Attests.IdOf(attest), default))!
            .Deliveries.First(d => d.Destination == "vdab").DeliveryId;

        using var staff = hub.ClientWith(DemoCredentials.OperatorKey);
        using var asked = await staff.PostAsync($"api/v1/admin/deliveries/{deliveryId}/ask-status", null);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var answer = await asked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Applied", answer.GetProperty("outcome").GetString());
        Assert.Contains("NIET_TOELEIDBAAR", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var status = await hub.StatusAsync(Attests.IdOf(attest));
        Assert.Equal("Refused", status.GetProperty("status").GetString());
        // The initiative reads that support asked; staff read who.
        Assert.Contains(status.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "DecisionAsked" && h.GetProperty("actor").GetString() == "support");
        var support = await staff.GetFromJsonAsync<JsonElement>($"api/v1/admin/attests/{Attests.IdOf(attest)}");
        Assert.Contains(support.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "DecisionAsked" && h.GetProperty("actor").GetString() == $"operator:{DemoCredentials.OperatorUser}");
    }

    [Fact]
    public async Task AnAgencyThatLostTheMessage_GetsItAgain_WithTheSameMessageId_AndItsDecisionThenArrives()
    {
        await using var hub = await TestHub.StartAsync();
        var dimona = hub.Simulator[DestinationKind.Dimona];
        dimona.ForgetsCallbacks = true;
        var attest = Attests.New("INCAPACITY");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        var first = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "dimona").GetProperty("messageId").GetString();
        dimona.ForgetEverything(); // as if the agency restarted without its store

        // At start-up the hub asks about everything outstanding, however recent.
        Assert.True(await Reconciler(hub).RunOnceAsync(everythingOutstanding: true, default) >= 1);
        var resent = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "dimona");
        Assert.Equal("Pending", resent.GetProperty("state").GetString());
        Assert.Contains(resent.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "DeliveryResent");

        await hub.DispatchUntilIdleAsync();
        Assert.True(dimona.Received.ContainsKey(Guid.Parse(first!)));
        Assert.Equal(1, await Reconciler(hub).RunOnceAsync(everythingOutstanding: true, default));
        Assert.Equal("Acknowledged", Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "dimona").GetProperty("state").GetString());
    }
}
