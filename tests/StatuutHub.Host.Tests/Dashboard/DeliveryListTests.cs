namespace StatuutHub.Host.Tests.Dashboard;

/// <summary>The delivery list pages forward and back and says how many deliveries the selection holds.</summary>
public class DeliveryListTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheList_SaysHowManyItHolds_AndPagesToOlderAndBackToNewer()
    {
        await using var hub = await TestHub.StartAsync();
        for (var i = 0; i < 26; i++)
        {
            await hub.SubmitAsync(Attests.New("SOCIAL_INTEGRATION")); // the OCMW and Dimona: 52 deliveries
        }

        var page = await DashboardSession.OpenAsync(browser, hub, "/bezorgingen?state=Pending");
        Assert.Equal("52", await page.GetAttributeAsync("#total", "data-total"));
        Assert.Equal("52 bezorging(en) in deze selectie", await page.Locator("#total").InnerTextAsync());
        Assert.Equal(50, await page.Locator("#deliveries tr[data-delivery]").CountAsync());
        Assert.Equal(0, await page.Locator("#previous").CountAsync());
        var newest = await page.Locator("#deliveries tr[data-delivery]").First.GetAttributeAsync("data-delivery");

        await page.ClickAsync("#next");
        await page.Locator("#previous").WaitForAsync();
        Assert.Equal(2, await page.Locator("#deliveries tr[data-delivery]").CountAsync());
        Assert.Equal(0, await page.Locator("#next").CountAsync());
        Assert.Contains("state=Pending", page.Url, StringComparison.Ordinal); // the filter is kept

        await page.ClickAsync("#previous");
        await page.Locator("#next").WaitForAsync();
        Assert.Equal(50, await page.Locator("#deliveries tr[data-delivery]").CountAsync());
        Assert.Equal(newest, await page.Locator("#deliveries tr[data-delivery]").First.GetAttributeAsync("data-delivery"));
        Assert.Equal(0, await page.Locator("#previous").CountAsync());
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "the delivery list with its paging");
    }
}
