using Microsoft.Playwright;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Host.Tests.Dashboard;

/// <summary>The overview follows the hub by itself, without a full reload and without a script the page's policy refuses;
/// the chart's numbers are there as a table too.</summary>
public class OverviewRefreshTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheOverview_ShowsNewCounts_WithoutReloading_AndWithoutAPolicyViolation()
    {
        await using var hub = await TestHub.StartAsync("--Dashboard:RefreshSeconds=1", "--Simulator:DecisionDelay=01:00:00");
        hub.Simulator[DestinationKind.Dimona].Down();
        var page = await DashboardSession.OpenAsync(browser, hub, "/");
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };
        Assert.Equal("0", await page.Locator("[data-state=RetryScheduled] .n").InnerTextAsync());
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        for (var i = 0; i < 2; i++)
        {
            await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        }

        await hub.DispatchUntilIdleAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('[data-state=RetryScheduled] .n')?.textContent === '2'", null, new() { Timeout = 60_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true")); // swapped in, not reloaded
        Assert.StartsWith("Vernieuwd om", await page.Locator("#refreshed").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(refused);

        // The chart's numbers as a table: 24 Belgian hours, the two attests in the last one; opened, it stays open while the
        // live part is swapped in again (a refresh after the click, seen by its new time stamp).
        var before = await page.Locator("#refreshed").InnerTextAsync();
        await page.ClickAsync("#last-day-details summary");
        await page.WaitForFunctionAsync("(before) => document.getElementById('refreshed').textContent !== before", before, new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('last-day-details').open"));
        Assert.Equal(24, await page.Locator("#last-day-table tr:has(td)").CountAsync());
        Assert.Equal("2", await page.Locator("#last-day-table tr:has(td)").Last.Locator("td").First.InnerTextAsync());
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "the overview with its table");
    }
}
