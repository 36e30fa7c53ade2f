using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using StatuutHub.Host.Security;
using StatuutHub.Host.Tests.Dashboard;

namespace StatuutHub.Host.Tests.Inbox;

/// <summary>A person of an OCMW without IT, in Chromium: signs in, sees the request in the inbox, reads it and approves it (the attest is
/// recognised) or refuses it with a reason (the initiative reads it); another office's person sees nothing of it; an amended request
/// shows its new version. Every page passes axe-core without a serious or critical violation, in Dutch and in French.</summary>
public sealed class InboxBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnOcmwUser_SignsIn_SeesTheRequest_ApprovesIt_AndTheAttestIsRecognised()
    {
        await using var hub = await TestHub.StartAsync(InboxHub.OcmwOnInbox);
        var attest = InboxHub.Leefloon();
        var attestId = await InboxHub.SubmitAsync(hub, attest);
        var page = await SignInAsync(hub, DemoCredentials.OfficeUser, DemoCredentials.OfficePassword);

        var row = page.Locator("#inbox tr[data-standing=ToDecide]");
        Assert.Equal(1, await row.CountAsync());
        Assert.Contains(attest["participant"]!["familyName"]!.GetValue<string>(), await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(attest["participant"]!["insz"]!.GetValue<string>(), await page.ContentAsync(), StringComparison.Ordinal); // masked in the list
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "the inbox");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "inbox.png"), FullPage = true });

        await row.Locator("a").ClickAsync();
        await page.Locator("#request").WaitForAsync();
        Assert.Equal("44021", await page.Locator("#message-fields tr[data-field=ocmwNis] td").InnerTextAsync());
        Assert.Equal(attest["participant"]!["insz"]!.GetValue<string>(), await page.Locator("#message-fields tr[data-field=insz] td").InnerTextAsync());
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "one request");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "inbox-request.png"), FullPage = true });

        await page.CheckAsync("#f-approve");
        await page.FillAsync("#f-reference", "OCMW-44021-2027-001");
        await page.ClickAsync("#decide button");
        await page.Locator("#confirm-summary").WaitForAsync();
        Assert.Contains("goed", await page.Locator("#confirm-summary").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "the confirmation");
        Assert.Equal("InProgress", await hub.StatusTextAsync(attestId)); // nothing decided before the confirmation
        await page.ClickAsync("#confirm-button");
        await page.Locator("#decision-recorded").WaitForAsync();
        Assert.Equal("Recognised", await hub.StatusTextAsync(attestId));
        Assert.Equal(0, await page.Locator("#decide").CountAsync());

        // The same inbox in French, and who opened and decided in the audit trail.
        await page.GotoAsync("/kantoor/beslist?lang=fr");
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Décidées", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#inbox tr[data-state=Acknowledged]").CountAsync());
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "the decided requests, in French");
        using var viewer = hub.ClientWith(DemoCredentials.ViewerKey);
        var history = (await viewer.GetFromJsonAsync<JsonElement>($"api/v1/admin/attests/{attestId}")).GetProperty("history").EnumerateArray().ToList();
        Assert.Contains(history, h => h.GetProperty("kind").GetString() == "RequestOpened" && h.GetProperty("actor").GetString() == "office:ocmw-44021:ocmw-44021");
        Assert.Contains(history, h => h.GetProperty("kind").GetString() == "DecisionApproved" && h.GetProperty("actor").GetString() == "office:ocmw-44021:ocmw-44021");
        var forInitiative = await hub.Client.GetStringAsync($"api/v1/attests/{attestId}");
        Assert.DoesNotContain("RequestOpened", forInitiative, StringComparison.Ordinal); // the access audit is not the initiative's
        Assert.DoesNotContain("office:ocmw-44021:ocmw-44021", forInitiative, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusalWithAReason_ReachesTheInitiativesStatus()
    {
        await using var hub = await TestHub.StartAsync(InboxHub.OcmwOnInbox);
        var attestId = await InboxHub.SubmitAsync(hub, InboxHub.Leefloon());
        var page = await SignInAsync(hub, DemoCredentials.OfficeUser, DemoCredentials.OfficePassword);
        await page.Locator("#inbox tr[data-standing=ToDecide] a").ClickAsync();
        await page.Locator("#request").WaitForAsync();

        await page.CheckAsync("#f-refuse");
        await page.ClickAsync("#decide button");
        await page.Locator("#confirm-button").ClickAsync(); // no reason chosen: said so, nothing decided
        Assert.Contains("reden", await page.Locator("#decision-problem").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("InProgress", await hub.StatusTextAsync(attestId));

        await page.CheckAsync("#f-refuse");
        await page.SelectOptionAsync("#f-reason", "OCMW_NOT_IN_GPMI");
        await page.FillAsync("#f-text", "Het GPMI voorziet een opleiding, geen arbeidszorg.");
        await page.ClickAsync("#decide button");
        Assert.Contains("geïndividualiseerd project", await page.Locator("#confirm-summary").InnerTextAsync(), StringComparison.Ordinal);
        await page.ClickAsync("#confirm-button");
        await page.Locator("#decision-recorded").WaitForAsync();

        var status = await hub.StatusAsync(attestId);
        Assert.Equal("Refused", status.GetProperty("status").GetString());
        var ocmw = status.GetProperty("deliveries").EnumerateArray().Single(d => d.GetProperty("destination").GetString() == "ocmw-44021");
        Assert.Equal(("Rejected", "OCMW_NOT_IN_GPMI"), (ocmw.GetProperty("state").GetString(), ocmw.GetProperty("reasonCode").GetString()));
        Assert.Contains(status.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "DecisionRefused" && h.GetProperty("actor").GetString() == "office:ocmw-44021");
    }

    [Fact]
    public async Task AnotherOfficesUser_SeesNothingOfIt_AndAReaderCannotDecide()
    {
        await using var hub = await TestHub.StartAsync(InboxHub.OcmwOnInbox);
        var attest = InboxHub.Leefloon();
        await InboxHub.SubmitAsync(hub, attest);
        using var office = InboxHub.Office(hub);
        var request = (await InboxHub.ListAsync(office)).Single().GetProperty("request").GetInt64();

        var other = await SignInAsync(hub, DemoCredentials.OtherOfficeUser, DemoCredentials.OtherOfficePassword);
        await other.Locator("#inbox-empty").WaitForAsync();
        Assert.Equal(404, (await other.GotoAsync($"/kantoor/aanvragen/{request}"))!.Status);
        await other.GotoAsync($"/kantoor/beslist?q={attest["participant"]!["insz"]}");
        await other.Locator("#inbox-empty").WaitForAsync();
        await other.GotoAsync($"/kantoor?q={attest["participant"]!["insz"]}");
        await other.Locator("#inbox-empty").WaitForAsync();
        Assert.DoesNotContain(attest["participant"]!["familyName"]!.GetValue<string>(), await other.ContentAsync(), StringComparison.Ordinal);

        var reader = await SignInAsync(hub, DemoCredentials.OfficeReaderUser, DemoCredentials.OfficeReaderPassword);
        await reader.GotoAsync($"/kantoor/aanvragen/{request}");
        await reader.Locator("#reader-only").WaitForAsync();
        Assert.Equal(0, await reader.Locator("#decide").CountAsync());
        await Accessibility.ExpectNoSeriousViolationsAsync(reader, "a request for a reader");
    }

    [Fact]
    public async Task AnAmendedRequest_ShowsItsNewVersion_AndTheOldOneCannotBeDecided()
    {
        await using var hub = await TestHub.StartAsync(InboxHub.OcmwOnInbox);
        var attest = InboxHub.Leefloon();
        var attestId = await InboxHub.SubmitAsync(hub, attest);
        var page = await SignInAsync(hub, DemoCredentials.OfficeUser, DemoCredentials.OfficePassword);
        await page.Locator("#inbox tr[data-standing=ToDecide] a").ClickAsync();
        await page.Locator("#decide").WaitForAsync();
        var oldRequest = page.Url;

        // The initiative amends while the request is open; the decision on what was read cannot go through.
        await page.CheckAsync("#f-approve");
        await page.ClickAsync("#decide button");
        await page.Locator("#confirm-button").WaitForAsync();
        attest["activity"]!["hoursPerWeek"] = 12;
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await hub.Client.PutAsync($"api/v1/attests/{attestId}", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        await hub.SettleAsync();
        await page.ClickAsync("#confirm-button");
        await page.Locator("#superseded").WaitForAsync();
        Assert.Equal(0, await page.Locator("#decide").CountAsync());
        Assert.Equal("Sent", await InboxHub.DeliveryStateAsync(hub, attestId, "ocmw-44021"));

        await page.GotoAsync("/kantoor");
        var rows = page.Locator("#inbox tbody tr");
        Assert.Equal(["Superseded", "ToDecide"], (await Task.WhenAll((await rows.AllAsync()).Select(r => r.GetAttributeAsync("data-standing")))).Order());
        await page.Locator("#inbox tr[data-standing=ToDecide] a").ClickAsync();
        await page.Locator("#request[data-version='2']").WaitForAsync();
        Assert.Equal("12", await page.Locator("#message-fields tr[data-field=hoursPerWeek] td").InnerTextAsync());
        Assert.NotEqual(oldRequest, page.Url);
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "an amended request");
    }

    private async Task<IPage> SignInAsync(TestHub hub, string user, string password)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = hub.Hub.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/kantoor");
        await page.FillAsync("input[name=user]", user);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("#sign-in button");
        await page.Locator("#who").WaitForAsync();
        return page;
    }
}
