using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Host.Tests.Dashboard;

/// <summary>The support dashboard in a real browser, as a support person would use it.</summary>
public class DashboardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Overview_ShowsTheCountsOfTheStore_AndIsSavedAsAScreenshot()
    {
        await using var hub = await TestHub.StartAsync("--Simulator:DecisionDelay=01:00:00");
        hub.Simulator[DestinationKind.Dimona].Down();
        for (var i = 0; i < 3; i++)
        {
            await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        }

        await hub.DispatchUntilIdleAsync();
        var page = await OpenAsync(hub, "/");

        Assert.Equal("3", await page.Locator("[data-state=Sent] .n").InnerTextAsync());
        Assert.Equal("3", await page.Locator("[data-state=RetryScheduled] .n").InnerTextAsync());
        Assert.Equal("0", await page.Locator("[data-state=Acknowledged] .n").InnerTextAsync());
        Assert.Contains("dimona", await page.Locator("#by-destination").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "overview.png"), FullPage = true });
    }

    [Fact]
    public async Task FailedDelivery_IsRetriedFromThePage_AndBecomesAcknowledged()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Dimona].Down();
        var attest = Attests.New();
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        hub.Simulator[DestinationKind.Dimona].Up();

        var page = await OpenAsync(hub, "/mislukt");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Alles in deze groep opnieuw") }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/mislukt$"));
        Assert.Contains("Geen mislukte bezorgingen", await page.ContentAsync(), StringComparison.Ordinal);

        await hub.DispatchUntilIdleAsync();
        await page.GotoAsync($"/attesten/{Attests.IdOf(attest)}");
        Assert.Equal("Aanvaard", await page.Locator("#attest-deliveries tr[data-state=Acknowledged] td:nth-child(4)").InnerTextAsync());
        Assert.Contains("DeliveryRetried", await page.Locator("#timeline").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AttestTimeline_ShowsEveryEvent_AndNoPageShowsAnUnmaskedInsz()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT", "SOCIAL_INTEGRATION");
        var insz = attest["participant"]!["insz"]!.GetValue<string>();
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();
        await hub.WaitForDecisionsAsync();

        var page = await OpenAsync(hub, $"/attesten/{Attests.IdOf(attest)}");
        var timeline = await page.Locator("#timeline").InnerTextAsync();
        foreach (var expected in new[] { "AttestSubmitted", "DeliverySent", "DeliveryAcknowledged", "DecisionApproved" })
        {
            Assert.Contains(expected, timeline, StringComparison.Ordinal);
        }

        Assert.Equal("Erkend", await page.Locator("#status").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "attest-timeline.png"), FullPage = true });

        var pages = new[] { "/", "/bezorgingen", "/mislukt", "/bezorgingen?state=Acknowledged", $"/attesten/{Attests.IdOf(attest)}", "/?lang=en" };
        foreach (var path in pages)
        {
            await page.GotoAsync(path);
            Assert.DoesNotContain(insz, await page.ContentAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SearchByInsz_UsesAFormPost_AndShowsTheInszMasked()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("INCAPACITY");
        var insz = attest["participant"]!["insz"]!.GetValue<string>();
        await hub.SubmitAsync(attest);

        var page = await OpenAsync(hub, "/zoeken");
        await page.Locator("input[name=q]").FillAsync(insz);
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoeken" }).ClickAsync();

        var result = await page.Locator("#search-result").InnerTextAsync();
        Assert.Contains(Attests.IdOf(attest).ToString(), result, StringComparison.Ordinal);
        Assert.Contains($"{insz[..2]}*******{insz[^2..]}", result, StringComparison.Ordinal);
        Assert.DoesNotContain(insz, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(insz, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParticipantNamedScript_IsShownAsText()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New();
        attest["participant"]!["familyName"] = "<script>document.title='pwned'</script>";
        await hub.SubmitAsync(attest);

        var page = await OpenAsync(hub, $"/attesten/{Attests.IdOf(attest)}");
        Assert.Contains("<script>document.title='pwned'</script>", await page.Locator("#summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.DoesNotContain("pwned", await page.TitleAsync(), StringComparison.Ordinal);
    }

    private async Task<IPage> OpenAsync(TestHub hub, string path)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = hub.Hub.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.True(response?.Ok, $"GET {path} answered {response?.Status}");
        return page;
    }
}
