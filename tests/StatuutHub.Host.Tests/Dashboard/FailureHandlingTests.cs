using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Security;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Host.Tests.Dashboard;

/// <summary>Dead letters archived with a reason and put back, one at a time over the admin API and several at once from the
/// delivery list, each time after a confirmation that names the count.</summary>
public class FailureHandlingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ADeadLetter_ArchivedWithAReason_LeavesTheFailuresAndTheAlerts_AndComesBackWhenPutBack()
    {
        await using var hub = await TestHub.StartAsync("--Destinations:dimona:MaxAttempts=1");
        hub.Simulator[DestinationKind.Dimona].Down();
        var attest = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        Assert.Equal(["dead-letters:dimona"], (await hub.Alerts.RunOnceAsync(default)).Select(a => a.Key));
        using var operatorClient = hub.ClientWith(DemoCredentials.OperatorKey);
        using var viewer = hub.ClientWith(DemoCredentials.ViewerKey);
        var listed = await operatorClient.GetFromJsonAsync<JsonElement>("api/v1/admin/deliveries?state=DeadLettered");
        var id = Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("deliveryId").GetInt64();

        var noReason = await operatorClient.PostAsJsonAsync("api/v1/admin/dead-letters/archive", new { deliveryIds = new[] { id }, reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("ARCHIVE_REASON_REQUIRED", (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("api/v1/admin/dead-letters/archive", new { deliveryIds = new[] { id }, reason = "x" })).StatusCode);

        var archived = await operatorClient.PostAsJsonAsync("api/v1/admin/dead-letters/archive", new { deliveryIds = new[] { id }, reason = "declared by hand in the RSZ portal" });
        var answer = await archived.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 0), (answer.GetProperty("archived").GetInt32(), answer.GetProperty("skipped").GetInt32()));
        var dimona = Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "dimona");
        Assert.Equal("Archived", dimona.GetProperty("state").GetString());
        Assert.Empty(await hub.Alerts.RunOnceAsync(default)); // the alert clears
        Assert.Empty((await operatorClient.GetFromJsonAsync<JsonElement>("api/v1/admin/failures")).EnumerateArray());
        var overview = await operatorClient.GetFromJsonAsync<JsonElement>("api/v1/admin/overview");
        Assert.Equal((1, 0), (overview.GetProperty("byState").GetProperty("Archived").GetInt32(), overview.GetProperty("byState").GetProperty("DeadLettered").GetInt32()));

        var back = await (await operatorClient.PostAsJsonAsync("api/v1/admin/dead-letters/unarchive", new { deliveryIds = new[] { id } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, back.GetProperty("unarchived").GetInt32());
        Assert.Equal("DeadLettered", Delivery(await hub.StatusAsync(Attests.IdOf(attest)), "dimona").GetProperty("state").GetString());
        Assert.Equal(["dead-letters:dimona"], (await hub.Alerts.RunOnceAsync(default)).Select(a => a.Key));
    }

    [Fact]
    public async Task SeveralDeadLetters_SelectedOnThePage_AreArchivedAfterAConfirmationNamingTheCount_AndPutBack()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Ocmw].InjectFaults(FaultKind.BadRequest, 3);
        var attests = Enumerable.Range(0, 3).Select(_ => Attests.New("SOCIAL_INTEGRATION")).ToArray();
        foreach (var attest in attests)
        {
            await hub.SubmitAsync(attest);
        }

        await hub.DispatchUntilIdleAsync();
        var page = await DashboardSession.OpenAsync(browser, hub, "/bezorgingen?state=DeadLettered");
        Assert.Equal(3, await page.Locator("#deliveries tr[data-state=DeadLettered]").CountAsync());
        var boxes = page.Locator("#deliveries input[type=checkbox]");
        await boxes.Nth(0).CheckAsync();
        await boxes.Nth(1).CheckAsync();
        await page.ClickAsync("#selection button[value=archive]");

        await page.Locator("#confirm-count").WaitForAsync();
        Assert.Equal("2", await page.GetAttributeAsync("#confirm-count", "data-count"));
        Assert.Equal(3, (await CountsAsync(hub))["DeadLettered"]); // nothing moved yet
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "the archive confirmation");
        // Without a reason the hub refuses too (not only the browser's required field), keeps the selection and says why.
        await page.EvaluateAsync("() => document.getElementById('reason').removeAttribute('required')");
        await page.ClickAsync("#confirm button");
        await page.Locator("#reason-problem").WaitForAsync();
        Assert.Equal(("2", "true"), (await page.GetAttributeAsync("#confirm-count", "data-count"), await page.GetAttributeAsync("#reason", "aria-invalid")));
        Assert.Equal(3, (await CountsAsync(hub))["DeadLettered"]);
        await page.FillAsync("#reason", "sent on paper after a phone call");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "archive-confirmation.png"), FullPage = true });
        await page.ClickAsync("#confirm button");
        // Back on the dead letters: one is left.
        await page.Locator("#deliveries tr[data-state=DeadLettered]").First.WaitForAsync();
        await TestHub.WaitUntilAsync(async () => (await CountsAsync(hub))["Archived"] == 2, "two archived");
        Assert.Equal(1, await page.Locator("#deliveries tr[data-state=DeadLettered]").CountAsync());

        await page.GotoAsync("/bezorgingen?state=Archived");
        Assert.Equal(2, await page.Locator("#deliveries tr[data-state=Archived]").CountAsync());
        await page.Locator("#deliveries input[type=checkbox]").Nth(0).CheckAsync();
        await page.ClickAsync("#selection button[value=unarchive]");
        await page.Locator("#confirm-count").WaitForAsync();
        Assert.Equal("1", await page.GetAttributeAsync("#confirm-count", "data-count"));
        await page.ClickAsync("#confirm button");
        await page.Locator("#deliveries").WaitForAsync();
        await TestHub.WaitUntilAsync(async () => (await CountsAsync(hub))["DeadLettered"] == 2, "one put back");

        await page.GotoAsync("/bezorgingen?state=Archived");
        Assert.Equal(1, await page.Locator("#deliveries tr[data-state=Archived]").CountAsync());
        // The reason is on the attest's timeline, under the operator's name.
        using var staff = hub.ClientWith(DemoCredentials.OperatorKey);
        var timelines = await Task.WhenAll(attests.Select(a => staff.GetStringAsync($"api/v1/admin/attests/{Attests.IdOf(a)}")));
        Assert.Equal(2, timelines.Count(t => t.Contains("sent on paper after a phone call", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ASelectionWithNothingChosen_SaysSo_AndMovesNothing()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Ocmw].InjectFaults(FaultKind.BadRequest, 1);
        await hub.SubmitAsync(Attests.New("SOCIAL_INTEGRATION"));
        await hub.DispatchUntilIdleAsync();
        var page = await DashboardSession.OpenAsync(browser, hub, "/bezorgingen?state=DeadLettered&lang=en");
        await page.ClickAsync("#selection button[value=replay]");
        await page.Locator("#confirm-count").WaitForAsync();
        Assert.Equal(("0", "Select one or more deliveries first."), (await page.GetAttributeAsync("#confirm-count", "data-count"), await page.Locator("#confirm-count").InnerTextAsync()));
        Assert.Equal(1, (await CountsAsync(hub))["DeadLettered"]);
    }

    [Fact]
    public async Task AFailedDelivery_ShowsTheMessageAsSent_AndEveryAnswerOfTheAgency_WithTheInszMasked()
    {
        // The OCMW decides an hour later: a decision that overtakes the receipt leaves the attempt unrecorded (the delivery moved on).
        await using var hub = await TestHub.StartAsync("--Simulator:DecisionDelay=01:00:00");
        hub.Simulator[DestinationKind.Ocmw].InjectFaults(FaultKind.BadRequest, 1);
        var attest = Attests.New("SOCIAL_INTEGRATION");
        var insz = attest["participant"]!["insz"]!.GetValue<string>();
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();

        var page = await DashboardSession.OpenAsync(browser, hub, "/bezorgingen?state=DeadLettered");
        await page.ClickAsync("#deliveries tr[data-state=DeadLettered] td:nth-child(2) a");
        await page.Locator("#sent-message").WaitForAsync();
        var sent = await page.Locator("#sent-message").InnerTextAsync();
        Assert.StartsWith($"POST {hub.Simulator[DestinationKind.Ocmw].BaseUrl}", sent, StringComparison.Ordinal);
        Assert.Contains(StatuutHub.Domain.Identifiers.Insz.Mask(insz), sent, StringComparison.Ordinal);
        Assert.DoesNotContain(insz, await page.ContentAsync(), StringComparison.Ordinal);

        var answer = await page.Locator("#attempts tr[data-outcome=dead-lettered] pre").InnerTextAsync();
        Assert.StartsWith("HTTP 400 Bad Request", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain", answer, StringComparison.Ordinal);
        Assert.EndsWith("refused as malformed (simulated)", answer, StringComparison.Ordinal);
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "a delivery's page");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "failed-delivery.png"), FullPage = true });

        // Replayed from its page, it is sent again with the same message id; the new attempt shows the agency's receipt.
        await page.ClickAsync("form[action='/acties/opnieuw'] button");
        await page.Locator("#delivery-state[data-state=Pending]").WaitForAsync(); // the page it comes back to: offered again, not sent yet
        await hub.DispatchUntilIdleAsync();
        await page.ReloadAsync();
        Assert.StartsWith("HTTP 20", await page.Locator("#attempts tr[data-outcome=receipt] pre").InnerTextAsync(), StringComparison.Ordinal);
        var received = Assert.Single(hub.Simulator[DestinationKind.Ocmw].Received).Value;
        Assert.Contains($"X-Message-Id: {received.MessageId:D}", sent, StringComparison.Ordinal); // the page showed the message that went
        Assert.Contains(received.AttestId.ToString(), sent, StringComparison.Ordinal);
        Assert.Equal(404, (await page.GotoAsync("/bezorgingen/999999"))!.Status);
    }

    [Fact]
    public async Task AMessageThatCannotBeWrittenYet_SaysWhyOnItsPage()
    {
        await using var hub = await TestHub.StartAsync("--Simulator:DecisionDelay=01:00:00");
        await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        await hub.DispatchUntilIdleAsync();
        using var operatorClient = hub.ClientWith(DemoCredentials.OperatorKey);
        var rva = Assert.Single((await operatorClient.GetFromJsonAsync<JsonElement>("api/v1/admin/deliveries?destination=rva")).GetProperty("items").EnumerateArray());
        Assert.Equal("Waiting", rva.GetProperty("state").GetString());

        using var staff = await TestCredentials.StaffClientAsync(hub.Hub.BaseAddress, DemoCredentials.ViewerUser, DemoCredentials.ViewerPassword);
        var page = await staff.GetStringAsync($"bezorgingen/{rva.GetProperty("deliveryId").GetInt64()}");
        Assert.Contains("id=\"no-message\"", page, StringComparison.Ordinal);
        Assert.Contains("no regional permission to name", page, StringComparison.Ordinal); // it waits for VDAB's answer
    }

    private static async Task<Dictionary<string, int>> CountsAsync(TestHub hub)
    {
        using var client = hub.ClientWith(DemoCredentials.OperatorKey);
        var overview = await client.GetFromJsonAsync<JsonElement>("api/v1/admin/overview");
        return overview.GetProperty("byState").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
    }

    private static JsonElement Delivery(JsonElement status, string destination) =>
        status.GetProperty("deliveries").EnumerateArray().First(d => d.GetProperty("destination").GetString() == destination);
}
