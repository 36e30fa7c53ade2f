using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Application.Intake;
using StatuutHub.Host.Security;
using StatuutHub.Host.Tests.Alerts;

namespace StatuutHub.Host.Tests.Inbox;

/// <summary>An OCMW without IT on the hub's inbox, through its JSON API: the request waits there as Sent with its answer date, the
/// office approves or refuses it through the same use case as an agency's ack (the attest is recognised or refused, the initiative's
/// callback says so), an amendment voids the old request, and each opening is in the audit trail with who opened it.</summary>
public sealed class InboxApiTests
{
    [Fact]
    public async Task ARequestOnTheInbox_IsSentWithItsAnswerDate_AndTheOfficesApproval_RecognisesTheAttest()
    {
        await using var hub = await TestHub.StartAsync(InboxHub.OcmwOnInbox);
        var attestId = await InboxHub.SubmitAsync(hub, InboxHub.Leefloon());
        var ocmw = (await hub.StatusAsync(attestId)).GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("destination").GetString() == "ocmw-44021");
        Assert.Equal("Sent", ocmw.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, ocmw.GetProperty("reference").ValueKind); // the office gives its own when it decides
        Assert.NotEqual(JsonValueKind.Null, ocmw.GetProperty("answerDueAt").ValueKind);
        Assert.Empty(hub.Simulator[StatuutHub.Domain.Routing.DestinationKind.Ocmw].Received); // nothing left the hub
        Assert.Equal("InProgress", await hub.StatusTextAsync(attestId));

        using var office = InboxHub.Office(hub);
        var item = Assert.Single(await InboxHub.ListAsync(office));
        Assert.Equal(("ToDecide", "Create"), (item.GetProperty("standing").GetString(), item.GetProperty("asked").GetString()));
        var request = item.GetProperty("request").GetInt64();
        var opened = await office.GetFromJsonAsync<JsonElement>($"api/v1/inbox/{request}");
        var fields = opened.GetProperty("message").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("value").GetString()!);
        Assert.Equal("44021", fields["ocmwNis"]); // the OCMW message's own fields, nothing more
        Assert.Equal(attestId.ToString(), fields["attestId"]);
        Assert.Contains(opened.GetProperty("refusalReasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "OCMW_NO_RIGHT");

        var decided = await office.PostAsJsonAsync($"api/v1/inbox/{request}/decision", new { approve = true, reference = "OCMW-44021-77", validUntil = "2027-12-31" });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("applied", (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal("Recognised", await hub.StatusTextAsync(attestId));
        var again = await office.PostAsJsonAsync($"api/v1/inbox/{request}/decision", new { approve = true, reference = "OCMW-44021-77" });
        Assert.Equal("duplicate", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        var otherMind = await office.PostAsJsonAsync($"api/v1/inbox/{request}/decision", new { approve = false, reasonCode = "OCMW_NO_RIGHT" });
        Assert.Equal(HttpStatusCode.Conflict, otherMind.StatusCode);

        Assert.Empty(await InboxHub.ListAsync(office));
        var done = Assert.Single(await InboxHub.ListAsync(office, "decided"));
        Assert.Equal(("Acknowledged", "OCMW-44021-77"), (done.GetProperty("state").GetString(), done.GetProperty("reference").GetString()));

        // Who opened and who decided, in the attest's audit trail.
        using var viewer = hub.ClientWith(DemoCredentials.ViewerKey);
        var history = (await viewer.GetFromJsonAsync<JsonElement>($"api/v1/admin/attests/{attestId}")).GetProperty("history").EnumerateArray().ToList();
        Assert.Contains(history, h => h.GetProperty("kind").GetString() == "RequestOpened" && h.GetProperty("actor").GetString() == "office:ocmw-44021:api");
        Assert.Contains(history, h => h.GetProperty("kind").GetString() == "DecisionApproved" && h.GetProperty("actor").GetString() == "office:ocmw-44021:api");
    }

    [Fact]
    public async Task ARefusalWithAReason_ReachesTheInitiativesStatusAndCallback()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var hub = await TestHub.StartAsync(InboxHub.OcmwOnInbox);
        receiver.Now = hub.Time.GetUtcNow;
        using (var operatorClient = hub.ClientWith(DemoCredentials.OperatorKey))
        {
            var registered = await operatorClient.PutAsJsonAsync($"api/v1/admin/initiatives/{DemoCredentials.InitiativeKbo}/callback", new { url = receiver.Url });
            receiver.Secret = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        }

        var attestId = await InboxHub.SubmitAsync(hub, InboxHub.Leefloon());
        using var office = InboxHub.Office(hub);
        var request = await InboxHub.RequestOfAsync(office, attestId);
        var unknown = await office.PostAsJsonAsync($"api/v1/inbox/{request}/decision", new { approve = false, reasonCode = "MUT_NOT_COMPATIBLE" }); // the adviser's, not the OCMW's
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("REASON_UNKNOWN", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var other = await office.PostAsJsonAsync($"api/v1/inbox/{request}/decision", new { approve = false, reasonCode = "OTHER" });
        Assert.Contains("REASON_TEXT_MISSING", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var refused = await office.PostAsJsonAsync($"api/v1/inbox/{request}/decision", new { approve = false, reasonCode = "OCMW_NO_RIGHT", text = "Bestaansmiddelen boven het leefloon." });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        var status = await hub.StatusAsync(attestId);
        Assert.Equal("Refused", status.GetProperty("status").GetString());
        var ocmw = status.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("destination").GetString() == "ocmw-44021");
        Assert.Equal(("Rejected", "OCMW_NO_RIGHT"), (ocmw.GetProperty("state").GetString(), ocmw.GetProperty("reasonCode").GetString()));

        hub.Time.Advance(ChangeFeed.Settle + TimeSpan.FromSeconds(1));
        while (await hub.Callbacks.RunOnceAsync(default) > 0)
        {
        }

        var decided = receiver.Accepted.Single(e => e.Type == "delivery.decided" && e.Body.GetProperty("destination").GetString() == "ocmw-44021");
        Assert.Equal("refused", decided.Body.GetProperty("decision").GetString());
        Assert.Contains("OCMW_NO_RIGHT", decided.Body.ToString(), StringComparison.Ordinal);
        Assert.Equal("attest.refused", receiver.Accepted[^1].Type);
    }

    [Fact]
    public async Task AnAmendedAttest_VoidsTheOldRequest_AndTheNewVersionIsDecided()
    {
        await using var hub = await TestHub.StartAsync(InboxHub.OcmwOnInbox);
        var attest = InboxHub.Leefloon();
        var attestId = await InboxHub.SubmitAsync(hub, attest);
        using var office = InboxHub.Office(hub);
        var first = await InboxHub.RequestOfAsync(office, attestId);
        await office.GetAsync($"api/v1/inbox/{first}"); // read before the amendment

        attest["activity"]!["hoursPerWeek"] = 12;
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PutAsync($"api/v1/attests/{attestId}", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        await hub.SettleAsync();

        var items = await InboxHub.ListAsync(office);
        Assert.Equal("Superseded", items.Single(i => i.GetProperty("request").GetInt64() == first).GetProperty("standing").GetString());
        var second = items.Single(i => i.GetProperty("standing").GetString() == "ToDecide");
        Assert.Equal((2, "Amend"), (second.GetProperty("version").GetInt32(), second.GetProperty("asked").GetString()));

        var onTheOld = await office.PostAsJsonAsync($"api/v1/inbox/{first}/decision", new { approve = true });
        Assert.Equal(HttpStatusCode.Conflict, onTheOld.StatusCode);
        Assert.Contains("REQUEST_OUTDATED", await onTheOld.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var opened = await office.GetFromJsonAsync<JsonElement>($"api/v1/inbox/{second.GetProperty("request").GetInt64()}");
        Assert.Equal("12", opened.GetProperty("message").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "hoursPerWeek").GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.OK, (await office.PostAsJsonAsync($"api/v1/inbox/{second.GetProperty("request").GetInt64()}/decision", new { approve = true })).StatusCode);
        Assert.Equal("Acknowledged", await InboxHub.DeliveryStateAsync(hub, attestId, "ocmw-44021"));
    }

    [Fact]
    public async Task AHostileDecisionBody_IsRefusedWithA400_AndDecidesNothing()
    {
        await using var hub = await TestHub.StartAsync(InboxHub.OcmwOnInbox);
        var attestId = await InboxHub.SubmitAsync(hub, InboxHub.Leefloon());
        using var office = InboxHub.Office(hub);
        var request = await InboxHub.RequestOfAsync(office, attestId);
        byte[][] bodies =
        [
            [], "not json"u8.ToArray(), "[]"u8.ToArray(), "null"u8.ToArray(), "{}"u8.ToArray(), "{\"approve\":\"yes\"}"u8.ToArray(),
            "{\"approve\":true,\"extra\":1}"u8.ToArray(), "{\"approve\":true,\"validUntil\":\"31/12/2027\"}"u8.ToArray(),
            "{\"approve\":true,\"validUntil\":\"2027-02-30\"}"u8.ToArray(), "{\"approve\":false,\"reasonCode\":7}"u8.ToArray(),
            "{\"approve\":true,\"reference\":{\"a\":{\"b\":{\"c\":{}}}}}"u8.ToArray(), [0x7B, 0xFF, 0xFE, 0x7D],
            Encoding.UTF8.GetBytes($"{{\"approve\":true,\"reference\":\"{new string('x', 65)}\"}}"),
            "{\"approve\":true,\"reference\":\"a\u0000b\"}"u8.ToArray(), "{\"approve\":true,\"validUntil\":\"2020-01-01\"}"u8.ToArray(),
            "{\"approve\":true,\"approve\":false}"u8.ToArray(),
            "{\"approve\":false,\"reasonCode\":\"OTHER\",\"reference\":\"R-1\",\"text\":\"a\u0000b\"}"u8.ToArray(),
        ];
        foreach (var body in bodies)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var answer = await office.PostAsync($"api/v1/inbox/{request}/decision", content);
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{Encoding.UTF8.GetString(body)}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        }

        Assert.Equal("Sent", await InboxHub.DeliveryStateAsync(hub, attestId, "ocmw-44021"));
    }

    [Fact]
    public async Task OneOfficeOnTheInbox_WhileAnotherOfTheKindKeepsItsApi()
    {
        await using var hub = await TestHub.StartAsync("--Destinations:ocmw:InboxOffices:0=44021");
        var onInbox = await InboxHub.SubmitAsync(hub, InboxHub.Leefloon("44021"));
        var overHttp = await InboxHub.SubmitAsync(hub, InboxHub.Leefloon("11002"));

        Assert.Equal("Sent", await InboxHub.DeliveryStateAsync(hub, onInbox, "ocmw-44021"));
        Assert.Equal("Acknowledged", await InboxHub.DeliveryStateAsync(hub, overHttp, "ocmw-11002")); // the simulated OCMW got it and decided
        Assert.Single(hub.Simulator[StatuutHub.Domain.Routing.DestinationKind.Ocmw].Received);
    }

    [Fact]
    public async Task TheDemoLauncher_PutsABodyOnTheInbox_WithOneSetting()
    {
        await using var hub = await TestHub.StartAsync("--Simulator:InboxDestinations:0=ocmw");
        var attestId = await InboxHub.SubmitAsync(hub, InboxHub.Leefloon());
        Assert.Equal("Sent", await InboxHub.DeliveryStateAsync(hub, attestId, "ocmw-44021"));
        Assert.Empty(hub.Simulator[StatuutHub.Domain.Routing.DestinationKind.Ocmw].Received);
        using var office = InboxHub.Office(hub);
        Assert.Single(await InboxHub.ListAsync(office));

        var wrong = await Assert.ThrowsAsync<System.ComponentModel.DataAnnotations.ValidationException>(() => TestHub.StartAsync("--Simulator:InboxDestinations:0=ocmv"));
        Assert.Contains("Simulator:InboxDestinations: 'ocmv' is not an agency", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDailyMail_CountsNewSoonDueAndLateRequests_WithoutAPerson()
    {
        await using var smtp = TestSmtpServer.Start();
        await using var hub = await TestHub.StartAsync([.. InboxHub.OcmwOnInbox,
            "--Alerts:Mail:Host=127.0.0.1", $"--Alerts:Mail:Port={smtp.Port}", "--Alerts:Mail:Security=None", "--Alerts:Mail:From=hub@example.be",
            "--Inbox:Offices:ocmw-44021:MailTo:0=sociale.dienst@ocmw.example.be", "--Inbox:Offices:ocmw-11002:MailTo:0=ocmw@elders.example.be",
            "--Inbox:PublicUrl=https://statuut.example.be"]);
        var digest = hub.Hub.App.Services.GetRequiredService<StatuutHub.Application.Inbox.InboxDigest>();
        var attest = InboxHub.Leefloon();
        await InboxHub.SubmitAsync(hub, attest);
        await InboxHub.SubmitAsync(hub, InboxHub.Leefloon());

        await digest.RunAsync(default);
        var mail = Assert.Single(smtp.Received); // OCMW 11002 has nothing waiting: no mail
        Assert.Equal("sociale.dienst@ocmw.example.be", Assert.Single(mail.To));
        Assert.Contains("ocmw-44021: 2 aanvraag/aanvragen te behandelen", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Nieuw sinds de vorige mail: 2.", mail.Body, StringComparison.Ordinal);
        Assert.Contains("https://statuut.example.be/kantoor", mail.Body, StringComparison.Ordinal);
        var person = attest["participant"]!;
        foreach (var personal in new[] { person["insz"]!.GetValue<string>(), person["familyName"]!.GetValue<string>(), person["givenName"]!.GetValue<string>() })
        {
            Assert.DoesNotContain(personal, mail.Body, StringComparison.Ordinal);
        }

        hub.Time.Advance(TimeSpan.FromDays(28)); // an OCMW answers within 30 days of sending (appsettings.json): 2 days left
        await digest.RunAsync(default);
        Assert.Contains("Nieuw sinds de vorige mail: 0. Binnen 3 dagen te beantwoorden: 2. Te laat: 0.", smtp.Received[1].Body, StringComparison.Ordinal);
    }
}
