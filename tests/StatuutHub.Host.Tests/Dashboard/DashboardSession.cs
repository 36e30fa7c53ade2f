using Microsoft.Playwright;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests.Dashboard;

/// <summary>A browser on the dashboard of a test hub, signed in as a person would.</summary>
public static class DashboardSession
{
    /// <summary>A fresh browser context on the hub's address.</summary>
    public static async Task<IBrowserContext> NewContextAsync(BrowserFixture browser, TestHub hub) =>
        await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = hub.Hub.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });

    /// <summary>Fills in the sign-in form and waits for what the page then shows.</summary>
    public static async Task SignInAsync(IPage page, string user, string password, bool expectSuccess = true)
    {
        await page.FillAsync("input[name=user]", user);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("#sign-in button");
        if (expectSuccess)
        {
            // Signed in: the header names the user. (Waiting for the address instead waited, under load, for a load event that had passed.)
            await page.Locator("#who").WaitForAsync();
        }
        else
        {
            await page.Locator("#sign-in-failed").WaitForAsync();
        }
    }

    /// <summary>Opens a page as the demo operator: the dashboard sends the browser to the sign-in form first.</summary>
    public static async Task<IPage> OpenAsync(BrowserFixture browser, TestHub hub, string path)
    {
        var page = await (await NewContextAsync(browser, hub)).NewPageAsync();
        await page.GotoAsync(path);
        await SignInAsync(page, DemoCredentials.OperatorUser, DemoCredentials.OperatorPassword);
        var response = await page.GotoAsync(path);
        Assert.True(response?.Ok, $"GET {path} answered {response?.Status}");
        return page;
    }
}
