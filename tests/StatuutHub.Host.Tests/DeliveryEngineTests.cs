using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Delivery.Resilience;
using StatuutHub.Domain.Routing;

using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests;

/// <summary>The whole flow on the embedded default against the simulated agencies: intake → outbox →
/// dispatch through the resilience pipelines → receipts → decisions → attest status.</summary>
public class DeliveryEngineTests
{
    private static readonly string[] BenefitNames = ["UNEMPLOYMENT", "INCAPACITY", "SOCIAL_INTEGRATION", "DISABILITY_ALLOWANCE"];

    public static TheoryData<int> EveryBenefitCombination() => new(Enumerable.Range(0, 16));

    [Theory]
    [MemberData(nameof(EveryBenefitCombination))]
    public async Task HappyPath_EveryBenefitCombination_BecomesRecognised(int flags)
    {
        await using var hub = await TestHub.StartAsync();
        var benefits = BenefitNames.Where((_, i) => (flags & (1 << i)) != 0).ToArray();
        var attest = Attests.New(benefits);

        var accepted = await hub.SubmitAsync(attest);
        if (benefits.Contains("UNEMPLOYMENT") && benefits.Contains("INCAPACITY"))
        {
            // Never paid for the same days: refused, nothing stored, nobody told.
            Assert.Equal(HttpStatusCode.BadRequest, accepted.StatusCode);
            Assert.Contains("BENEFITS_EXCLUDE_EACH_OTHER", await accepted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await hub.SettleAsync();

        var status = await hub.StatusAsync(Attests.IdOf(attest));
        Assert.Equal("Recognised", status.GetProperty("status").GetString());
        // Unemployment: VDAB, then the RVA with VDAB's permission.
        var expected = 1 + (benefits.Contains("UNEMPLOYMENT") ? 2 : 0) + (benefits.Contains("INCAPACITY") ? 1 : 0) + (benefits.Contains("SOCIAL_INTEGRATION") ? 1 : 0);
        var deliveries = status.GetProperty("deliveries").EnumerateArray().ToArray();
        Assert.Equal(expected, deliveries.Count(d => d.GetProperty("message").GetString() != "Renew"));
        Assert.Equal(expected, hub.Simulator.Agencies.Sum(a => a.Received.Count));
        // The activity (to 2027-12-31) outlasts VDAB's and the OCMW's yearly permissions: each approval planned a renewal.
        var renewed = (benefits.Contains("UNEMPLOYMENT") ? ["vdab"] : Array.Empty<string>()).Concat(benefits.Contains("SOCIAL_INTEGRATION") ? ["ocmw-44021"] : []);
        Assert.Equal(renewed.Order(), deliveries.Where(d => d.GetProperty("message").GetString() == "Renew").Select(d => d.GetProperty("destination").GetString()!).Order());
        Assert.All(hub.Simulator.Agencies, a => Assert.Equal(0, a.Invalid));
    }

    [Fact]
    public async Task AgencyDown_RetriesThenCircuitOpens_ThenRecovers_AndDeliversEachMessageOnce()
    {
        await using var hub = await TestHub.StartAsync(
            "--Destinations:vdab:MaxAttempts=20",
            "--Destinations:vdab:CircuitMinimumThroughput=3",
            "--Destinations:vdab:CircuitBreakDuration=00:01:00",
            "--Destinations:vdab:CircuitSamplingDuration=00:10:00");
        var vdab = hub.Simulator[DestinationKind.Vdab];
        vdab.Down();
        var attests = Enumerable.Range(0, 5).Select(_ => Attests.New("UNEMPLOYMENT")).ToArray();
        foreach (var attest in attests)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        }

        await hub.DispatchUntilIdleAsync();
        var failedCalls = vdab.Faulted;
        Assert.True(failedCalls >= 3, $"expected the first round to reach the agency, got {failedCalls} calls");
        Assert.Equal("RetryScheduled", await StateAsync(hub, attests[0], "vdab"));

        // Past every retry delay: the circuit is open now, so the agency is not called at all.
        hub.Time.Advance(TimeSpan.FromSeconds(15));
        await hub.DispatchUntilIdleAsync();
        Assert.Equal(failedCalls, vdab.Faulted);
        var circuits = hub.Hub.App.Services.GetRequiredService<DestinationPipelines>().CircuitStates();
        Assert.Equal(Polly.CircuitBreaker.CircuitState.Open, circuits["vdab"]);
        // The readiness probe says Degraded (still 200: the hub accepts attests and holds the messages) and names the circuit.
        var health = await hub.Client.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = await health.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("degraded", report.GetProperty("status").GetString());
        Assert.Equal("Open", report.GetProperty("checks").GetProperty("circuits").GetProperty("data").GetProperty("vdab").GetString());

        vdab.Up();
        for (var round = 0; round < 10 && vdab.Received.Count < attests.Length; round++)
        {
            hub.Time.Advance(TimeSpan.FromMinutes(2));
            await hub.DispatchUntilIdleAsync();
        }

        await hub.WaitForDecisionsAsync();
        foreach (var attest in attests)
        {
            Assert.Equal("Recognised", await hub.StatusTextAsync(Attests.IdOf(attest)));
        }

        Assert.Equal(attests.Length, vdab.Received.Count);
        Assert.Equal(0, vdab.Duplicates);
    }

    [Fact]
    public async Task PermanentFailure_IsDeadLetteredAtOnce_WithTheReason()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Ocmw].InjectFaults(FaultKind.BadRequest, 1);
        var attest = Attests.New("SOCIAL_INTEGRATION");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();

        var ocmw = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "ocmw-44021");
        Assert.Equal("DeadLettered", ocmw.GetProperty("state").GetString());
        Assert.Equal(1, ocmw.GetProperty("attempts").GetInt32());
        Assert.Contains("400", ocmw.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongOutboundCredential_IsDeadLetteredAtOnce_SayingSo_NotRetried()
    {
        await using var hub = await TestHub.StartAsync("--Destinations:ocmw:Authentication:ApiKey=an-old-key");
        var attest = Attests.New("SOCIAL_INTEGRATION");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();

        var ocmw = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "ocmw-44021");
        Assert.Equal(("DeadLettered", 1), (ocmw.GetProperty("state").GetString(), ocmw.GetProperty("attempts").GetInt32()));
        Assert.Contains("refused the hub's credential (401", ocmw.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, hub.Simulator[DestinationKind.Ocmw].Gate.Refused);
        Assert.Empty(hub.Simulator[DestinationKind.Ocmw].Received);
    }

    [Fact]
    public async Task TransientFailures_SpendTheRetryBudget_ThenDeadLettered()
    {
        await using var hub = await TestHub.StartAsync("--Destinations:dimona:MaxAttempts=3", "--Destinations:dimona:CircuitMinimumThroughput=1000");
        hub.Simulator[DestinationKind.Dimona].Down();
        var attest = Attests.New();
        await hub.SubmitAsync(attest);
        for (var round = 0; round < 5; round++)
        {
            await hub.DispatchUntilIdleAsync();
            hub.Time.Advance(TimeSpan.FromSeconds(30));
        }

        var dimona = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "dimona");
        Assert.Equal("DeadLettered", dimona.GetProperty("state").GetString());
        Assert.Equal(3, dimona.GetProperty("attempts").GetInt32());
        Assert.Equal(3, hub.Simulator[DestinationKind.Dimona].Faulted);
        Assert.Contains("retry budget", dimona.GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedAnswer_IsRetried_AndTheMessageIsDeliveredOnce()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Dimona].InjectFaults(FaultKind.Malformed, 1);
        var attest = Attests.New();
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        Assert.Equal("RetryScheduled", Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "dimona").GetProperty("state").GetString());

        hub.Time.Advance(TimeSpan.FromSeconds(5));
        await hub.SettleAsync();
        Assert.Equal("Recognised", await hub.StatusTextAsync(Attests.IdOf(attest)));
        Assert.Single(hub.Simulator[DestinationKind.Dimona].Received);
    }

    [Fact]
    public async Task BusinessRefusal_MakesTheAttestRefused_WithTheAgencysReason()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Ocmw].Refusal = _ => ("OCMW-17", "geen leefloondossier");
        var attest = Attests.New("UNEMPLOYMENT", "SOCIAL_INTEGRATION");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        await hub.WaitForDecisionsAsync();

        var status = await hub.StatusAsync(Attests.IdOf(attest));
        Assert.Equal("Refused", status.GetProperty("status").GetString());
        var ocmw = Delivery(status, "ocmw-44021");
        Assert.Equal(("Rejected", "OCMW-17"), (ocmw.GetProperty("state").GetString(), ocmw.GetProperty("reasonCode").GetString()));
    }

    [Fact]
    public async Task AmendAndCancel_ReachEachAgencyInVersionOrder()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT");
        var id = Attests.IdOf(attest);
        await hub.SubmitAsync(attest);
        attest["activity"]!["hoursPerWeek"] = 20;
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PutAsync($"api/v1/attests/{id}", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PostAsync($"api/v1/attests/{id}/cancel", null)).StatusCode);

        // One round may only carry version 1: the amendment and the cancel wait for it.
        await hub.Dispatcher.RunOnceAsync(default);
        Assert.All(hub.Simulator.Agencies.SelectMany(a => a.Received.Values), m => Assert.Equal(1, m.Version));
        await hub.DispatchUntilIdleAsync();

        foreach (var agency in new[] { DestinationKind.Vdab, DestinationKind.Dimona })
        {
            var arrived = hub.Simulator[agency].Received.Values.OrderBy(m => m.Arrival).Select(m => (m.Version, m.Action)).ToArray();
            var expected = agency == DestinationKind.Vdab
                ? new[] { (1, "CREATE"), (2, "AMEND"), (3, "CANCEL") }
                : new[] { (1, "IN"), (2, "UPDATE"), (3, "CANCEL") };
            Assert.Equal(expected, arrived);
        }

        // The RVA's create waited for VDAB; the amendment and the cancel replaced it before it could go.
        Assert.Empty(hub.Simulator[DestinationKind.Rva].Received);

        Assert.Equal("Cancelled", await hub.StatusTextAsync(id));
    }

    [Fact]
    public async Task BenefitChange_UnemploymentToLeefloon_DuringTheActivity_EndsVdabAndRva_ThenCreatesAtTheOcmw_UpdatesDimona()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT");
        var id = Attests.IdOf(attest);
        await hub.SubmitAsync(attest);
        await hub.SettleAsync();
        Assert.Equal("Recognised", await hub.StatusTextAsync(id));

        // Ten weeks into the activity (started 2027-01-04) the unemployment benefit stops and leefloon starts.
        hub.Time.SetUtcNow(new DateTimeOffset(2027, 3, 15, 9, 0, 0, TimeSpan.Zero));
        attest["benefits"] = new System.Text.Json.Nodes.JsonArray("SOCIAL_INTEGRATION");
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PutAsync($"api/v1/attests/{id}", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        await hub.SettleAsync();

        (int, string)[] Arrived(DestinationKind kind) =>
            hub.Simulator[kind].Received.Values.OrderBy(m => m.Arrival).Select(m => (m.Version, m.Action)).ToArray();
        Assert.Equal([(1, "CREATE"), (2, "END")], Arrived(DestinationKind.Vdab));
        Assert.Equal([(1, "CREATE"), (2, "END")], Arrived(DestinationKind.Rva));
        Assert.Equal([(2, "CREATE")], Arrived(DestinationKind.Ocmw));
        Assert.Equal([(1, "IN"), (2, "UPDATE")], Arrived(DestinationKind.Dimona));
        var rvaEnd = hub.Simulator[DestinationKind.Rva].Received.Values.Single(m => m.Version == 2);
        Assert.Contains("<endDate>2027-03-14</endDate>", rvaEnd.Body, StringComparison.Ordinal);
        Assert.Contains("<regionalPermissionReference>VDAB-AMA-", rvaEnd.Body, StringComparison.Ordinal);
        Assert.Equal("Recognised", await hub.StatusTextAsync(id));
    }

    [Fact]
    public async Task BenefitChange_BeforeTheStart_WithdrawsFromVdab_AndTheWaitingRvaNeverHearsOfIt()
    {
        await using var hub = await TestHub.StartAsync("--Simulator:DecisionDelay=01:00:00");
        var attest = Attests.New("UNEMPLOYMENT");
        var id = Attests.IdOf(attest);
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();

        attest["benefits"] = new System.Text.Json.Nodes.JsonArray("SOCIAL_INTEGRATION");
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PutAsync($"api/v1/attests/{id}", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        await hub.DispatchUntilIdleAsync();

        Assert.Equal([(1, "CREATE"), (2, "CANCEL")], hub.Simulator[DestinationKind.Vdab].Received.Values.OrderBy(m => m.Arrival).Select(m => (m.Version, m.Action)));
        Assert.Empty(hub.Simulator[DestinationKind.Rva].Received);
        Assert.Equal("Stopped", await StateAsync(hub, attest, "rva"));
    }

    [Fact]
    public async Task Resubmission_IsIdempotent_OtherContentAndOverlapAreConflicts()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT");
        var first = await (await hub.SubmitAsync(attest)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await hub.SubmitAsync(attest);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(first.GetProperty("attestId").GetGuid(), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attestId").GetGuid());

        var changed = attest.DeepClone().AsObject();
        changed["activity"]!["hoursPerWeek"] = 10;
        var reused = await hub.SubmitAsync(changed);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("ATTEST_ID_REUSED", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var overlapping = attest.DeepClone().AsObject();
        overlapping["attestId"] = Guid.NewGuid().ToString();
        var overlap = await hub.SubmitAsync(overlapping);
        var problem = await overlap.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.Conflict, overlap.StatusCode);
        Assert.Equal(("OVERLAPPING_ATTEST", Attests.IdOf(attest)), (problem.GetProperty("code").GetString(), problem.GetProperty("conflictingAttestId").GetGuid()));

        await hub.SettleAsync();
        Assert.Equal(3, hub.Simulator.Agencies.Sum(a => a.Received.Count)); // VDAB, then the RVA, and Dimona: once each
    }

    [Fact]
    public async Task Acks_DuplicateIsReported_UnknownWrongKeyAndWrongAgencyAreRefused()
    {
        await using var hub = await TestHub.StartAsync("--Simulator:DecisionDelay=01:00:00");
        var attest = Attests.New("INCAPACITY");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        var messageId = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "mutualiteit-100").GetProperty("messageId").GetGuid();

        using var agencies = hub.AnonymousClient();
        Task<HttpResponseMessage> Ack(string agency, string key, Guid id) => agencies.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/v1/acks/{agency}")
        {
            Headers = { { "X-Agency-Key", key } },
            Content = JsonContent.Create(new { messageId = id, decision = "APPROVED", reference = "ADV-1" }),
        });
        var key = DemoCredentials.AgencyKey(DestinationKind.Mutualiteit);
        var ocmwKey = DemoCredentials.AgencyKey(DestinationKind.Ocmw);

        var applied = await Ack("mutualiteit", key, messageId);
        var duplicate = await Ack("mutualiteit", key, messageId);
        Assert.Equal("applied", (await applied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal("duplicate", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Ack("mutualiteit", key, Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Ack("mutualiteit", "wrong-key", messageId)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Ack("ocmw", ocmwKey, messageId)).StatusCode); // its own path, another's message
        Assert.Equal(HttpStatusCode.Forbidden, (await Ack("mutualiteit", ocmwKey, messageId)).StatusCode); // another agency's path
        Assert.Equal("InProgress", await hub.StatusTextAsync(Attests.IdOf(attest))); // Dimona's result is still to come

        // Dimona's result in its own format: "still waiting" is noted, then the acceptance decides.
        var dimonaMessage = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "dimona").GetProperty("messageId").GetGuid();
        Task<HttpResponseMessage> Result(string result) => agencies.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/acks/dimona")
        {
            Headers = { { "X-Agency-Key", DemoCredentials.AgencyKey(DestinationKind.Dimona) } },
            Content = new StringContent($"<dimonaResult xmlns=\"urn:be:rsz:dimona-ama:v2\"><messageId>{dimonaMessage}</messageId><result>{result}</result></dimonaResult>", Encoding.UTF8, "application/xml"),
        });
        Assert.Equal("noted", (await (await Result("WAITING")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal("applied", (await (await Result("ACCEPTED")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal("Recognised", await hub.StatusTextAsync(Attests.IdOf(attest)));
    }

    [Fact]
    public async Task NoDecisionWithinTheAnswerTime_MakesTheDeliveryOverdue()
    {
        await using var hub = await TestHub.StartAsync("--Simulator:DecisionDelay=01:00:00", "--Destinations:vdab:AnswerTime=14.00:00:00");
        var attest = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        Assert.Equal(("Sent", "Waiting"), (await StateAsync(hub, attest, "vdab"), await StateAsync(hub, attest, "rva")));

        hub.Time.Advance(TimeSpan.FromDays(13));
        await hub.Dispatcher.RunOnceAsync(default);
        Assert.Equal("Sent", await StateAsync(hub, attest, "vdab"));
        hub.Time.Advance(TimeSpan.FromDays(1));
        await hub.Dispatcher.RunOnceAsync(default);
        Assert.Equal(("Overdue", "Waiting"), (await StateAsync(hub, attest, "vdab"), await StateAsync(hub, attest, "rva")));
        Assert.Equal("InProgress", await hub.StatusTextAsync(Attests.IdOf(attest)));
    }

    [Fact]
    public async Task TheAdvisersAnswer_IsOverdueAfter30WorkingDaysFromTheStart_SkippingChristmasAndNewYear()
    {
        // Start Tuesday 1 December 2026: the 30th working day after it, with 25 December and 1 January skipped,
        // is Thursday 14 January 2027; the answer is overdue when that Belgian day has ended (23:00 UTC in winter).
        await using var hub = await TestHub.StartAsync("--Simulator:DecisionDelay=01:00:00");
        var attest = Attests.New("INCAPACITY");
        attest["activity"]!["startDate"] = "2026-12-01";
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        var mutualiteit = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "mutualiteit-100");
        Assert.Equal(("Sent", DateTimeOffset.Parse("2027-01-14T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture)),
            (mutualiteit.GetProperty("state").GetString(), mutualiteit.GetProperty("answerDueAt").GetDateTimeOffset()));

        hub.Time.SetUtcNow(DateTimeOffset.Parse("2027-01-14T22:59:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await hub.Dispatcher.RunOnceAsync(default);
        Assert.Equal("Sent", Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "mutualiteit-100").GetProperty("state").GetString());
        hub.Time.SetUtcNow(DateTimeOffset.Parse("2027-01-14T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await hub.Dispatcher.RunOnceAsync(default);
        Assert.Equal("Overdue", Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "mutualiteit-100").GetProperty("state").GetString());
    }

    private static async Task<string?> StateAsync(TestHub hub, System.Text.Json.Nodes.JsonObject attest, string destination) =>
        Delivery(await hub.StatusAsync(Attests.IdOf(attest)), destination).GetProperty("state").GetString();

    private static JsonElement Delivery(JsonElement status, string destination) =>
        status.GetProperty("deliveries").EnumerateArray().Last(d => d.GetProperty("destination").GetString() == destination);
}
