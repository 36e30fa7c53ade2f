using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests.Dashboard;

/// <summary>The sector statistics as a support colleague and a research body meet them: made on request, shown with small groups
/// suppressed, downloaded as CSV and JSON, and with nothing in them that names anyone.</summary>
public class StatisticsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TheStatistics_CountGroupsOfFiveOrMore_SuppressSmallerOnes_AndNameNobody()
    {
        await using var hub = await TestHub.StartAsync();
        using var operatorClient = hub.ClientWith(DemoCredentials.OperatorKey);
        var notYet = await operatorClient.GetAsync("api/v1/statistics");
        Assert.Equal((HttpStatusCode.NotFound, "STATISTICS_NOT_READY"), (notYet.StatusCode, (await notYet.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()));

        var submitted = new List<System.Text.Json.Nodes.JsonObject>();
        foreach (var benefit in Enumerable.Repeat("SOCIAL_INTEGRATION", 6).Concat(Enumerable.Repeat("INCAPACITY", 2)))
        {
            var attest = Attests.New(benefit);
            attest["activity"]!["startDate"] = "2026-11-02"; // started before the hub's "today" (22 November), so counted
            submitted.Add(attest);
            Assert.True((await hub.SubmitAsync(attest)).IsSuccessStatusCode);
        }

        await hub.SettleAsync();
        var page = await DashboardSession.OpenAsync(browser, hub, "/statistieken");
        await page.Locator("#statistics-none").WaitForAsync();
        await page.ClickAsync("form[action='/acties/statistieken'] button");
        await page.Locator("#statistics-attests").WaitForAsync();
        var leefloon = page.Locator("#statistics-attests tr:has(td[data-code=SOCIAL_INTEGRATION]):has(td:text-is('2026-11'))");
        Assert.Equal(["2026-11", "Oost-Vlaanderen", "VL", "AMA_WVG", "leefloon", "5", "<5", "<5"], await leefloon.Locator("td").AllInnerTextsAsync()); // six, rounded down to 5; November has not ended: nobody runs on its last day yet (0, shown as <5)
        var incapacity = page.Locator("#statistics-attests tr:has(td[data-code=INCAPACITY]):has(td:text-is('2026-11'))");
        Assert.Equal("<5", await incapacity.Locator("td").Nth(5).InnerTextAsync()); // two people: suppressed
        var ocmw = page.Locator("#statistics-recognition tr:has(td:text-is('ocmw'))");
        Assert.Equal("5", await ocmw.Locator("td").Nth(2).InnerTextAsync()); // six, rounded down
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "the statistics page");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "statistics.png"), FullPage = true });

        var json = await operatorClient.GetStringAsync("api/v1/statistics");
        var report = JsonDocument.Parse(json).RootElement;
        Assert.Equal((5, 5), (report.GetProperty("threshold").GetInt32(), report.GetProperty("roundedTo").GetInt32()));
        Assert.Contains(report.GetProperty("attests").EnumerateArray(), c => c.GetProperty("benefit").GetString() == "INCAPACITY" && c.GetProperty("started").ValueKind == JsonValueKind.Null && c.GetProperty("suppressed").GetBoolean());
        foreach (var attest in submitted)
        {
            // Nothing that names a person or an attest: no id, no INSZ, no name, no initiative.
            Assert.DoesNotContain(attest["attestId"]!.GetValue<string>(), json, StringComparison.Ordinal);
            Assert.DoesNotContain(attest["participant"]!["insz"]!.GetValue<string>(), json, StringComparison.Ordinal);
            Assert.DoesNotContain(attest["participant"]!["familyName"]!.GetValue<string>(), json, StringComparison.Ordinal);
            Assert.DoesNotContain(attest["initiative"]!["kbo"]!.GetValue<string>(), json, StringComparison.Ordinal);
        }

        var csv = await operatorClient.GetByteArrayAsync("api/v1/statistics?format=csv&table=attests");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var lines = Encoding.UTF8.GetString(csv[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("month;province;region;kind;benefit;started;running;ended", lines[0]);
        Assert.Contains("2026-11;OVL;VL;AMA_WVG;INCAPACITY;<5;<5;<5", lines);
        var unknown = await operatorClient.GetAsync("api/v1/statistics?format=csv&table=people");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}
