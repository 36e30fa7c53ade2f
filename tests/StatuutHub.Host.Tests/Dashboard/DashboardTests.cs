using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Security;

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
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", await page.Locator("#failures tr td:nth-child(5) time").First.InnerTextAsync()); // first seen
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Alles in deze groep opnieuw") }).ClickAsync();

        // A group action says how many it moves, and waits for a second click.
        await page.Locator("#confirm-count").WaitForAsync();
        Assert.Equal("1", await page.GetAttributeAsync("#confirm-count", "data-count"));
        Assert.Contains("1 bezorging(en) aan dimona", await page.Locator("#confirm-count").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("RetryScheduled", (await hub.StatusAsync(Attests.IdOf(attest))).GetRawText(), StringComparison.Ordinal); // nothing moved yet
        await page.ClickAsync("#confirm button");
        // The form posts and comes back to the same address: wait for what the new page says, not for the address.
        await page.GetByText("Geen mislukte bezorgingen").WaitForAsync();
        Assert.EndsWith("/mislukt", page.Url, StringComparison.Ordinal);

        await hub.SettleAsync(); // Dimona: the ticket now, the result posted later
        await page.GotoAsync($"/attesten/{Attests.IdOf(attest)}");
        Assert.Equal("Aanvaard", await page.Locator("#attest-deliveries tr[data-state=Acknowledged] td:nth-child(4)").InnerTextAsync());
        Assert.Equal("Opnieuw geprobeerd door een operator", await page.Locator("#timeline td[data-kind=DeliveryRetried]").First.InnerTextAsync());
    }

    [Fact]
    public async Task AttestTimeline_ShowsEveryEvent_AndNoPageShowsAnUnmaskedInsz()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT", "SOCIAL_INTEGRATION");
        var insz = attest["participant"]!["insz"]!.GetValue<string>();
        await hub.SubmitAsync(attest);
        await hub.SettleAsync();

        var page = await OpenAsync(hub, $"/attesten/{Attests.IdOf(attest)}");
        var timeline = await page.Locator("#timeline").InnerTextAsync();
        foreach (var (kind, words) in new[] { ("AttestSubmitted", "Ingediend"), ("DeliverySent", "Verzonden"), ("DecisionApproved", "Goedgekeurd"), ("DeliveryReleased", "Vrijgegeven"), ("RenewalPlanned", "Verlenging gepland") })
        {
            Assert.StartsWith(words, await page.Locator($"#timeline td[data-kind={kind}]").First.InnerTextAsync(), StringComparison.Ordinal);
        }

        Assert.DoesNotMatch("(Attest|Delivery|Decision|Renewal)[A-Z]", timeline); // no code words on a Dutch page

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
        // The intake refuses markup in names (the hostile corpus covers that), so the name is put in the
        // way older data or someone with database access would: the page must still show it as text.
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.SubmitAsync(attest)).StatusCode);
        attest["participant"]!["familyName"] = "Peeters";
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        await using (var db = new SqliteConnection($"Data Source={hub.DatabasePath};Pooling=False"))
        {
            await db.OpenAsync();
            // The content is sealed: someone with the database and the demo key opens it, changes the name and seals it again.
            var protector = StatuutHub.Host.Hosting.PersonalDataKeys.Demo().Build().Protector!;
            await using var read = db.CreateCommand();
            read.CommandText = "SELECT content_json FROM attest_versions WHERE attest_id = $id";
            read.Parameters.AddWithValue("$id", Attests.IdOf(attest).ToString());
            var row = StatuutHub.Storage.Protection.PersonalDataProtector.AttestVersionRow(Attests.IdOf(attest).ToString(), 1);
            var content = protector.Open((string)(await read.ExecuteScalarAsync())!, row);
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE attest_versions SET content_json = $content WHERE attest_id = $id";
            update.Parameters.AddWithValue("$id", Attests.IdOf(attest).ToString());
            update.Parameters.AddWithValue("$content", protector.Seal(content.Replace("\"Peeters\"", "\"<script>document.title='pwned'</script>\"", StringComparison.Ordinal), row));
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var page = await OpenAsync(hub, $"/attesten/{Attests.IdOf(attest)}");
        Assert.Contains("<script>document.title='pwned'</script>", await page.Locator("#summary").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("script").CountAsync());
        Assert.DoesNotContain("pwned", await page.TitleAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_IsAskedFirst_WrongPasswordIsRefused_ViewerMayLookButNotRetry()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Dimona].Down();
        var attest = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();

        var page = await (await NewContextAsync(hub)).NewPageAsync();
        await page.GotoAsync("/mislukt");
        Assert.EndsWith("/aanmelden?returnUrl=%2Fmislukt", page.Url, StringComparison.Ordinal);
        await SignInAsync(page, DemoCredentials.ViewerUser, "not-the-password", expectSuccess: false);
        Assert.Equal(1, await page.Locator("#sign-in-failed").CountAsync());

        await SignInAsync(page, DemoCredentials.ViewerUser, DemoCredentials.ViewerPassword);
        Assert.EndsWith("/mislukt", page.Url, StringComparison.Ordinal);
        Assert.Contains("viewer (viewer)", await page.Locator("#who").InnerTextAsync(), StringComparison.Ordinal);
        var refused = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#failures button"), r => r.Url.Contains("/geweigerd", StringComparison.Ordinal));
        Assert.Equal(403, refused!.Status);
        Assert.Equal(1, await page.Locator("#not-allowed").CountAsync());
        var status = await hub.StatusAsync(Attests.IdOf(attest));
        Assert.Contains(status.GetProperty("deliveries").EnumerateArray(), d => d.GetProperty("state").GetString() == "RetryScheduled");

        await page.ClickAsync("#who ~ form button");
        await page.Locator("#sign-in").WaitForAsync(); // signed out: the sign-in form again
        Assert.Contains("/aanmelden", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/");
        Assert.Contains("/aanmelden", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOperator_AsksTheAgencyForAMissingDecision_AndThePageShowsWhatItSaid()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Mutualiteit].ForgetsCallbacks = true;
        var attest = Attests.New("INCAPACITY");
        await hub.SubmitAsync(attest);
        await hub.SettleAsync();

        var page = await OpenAsync(hub, $"/attesten/{Attests.IdOf(attest)}");
        var row = page.Locator("#attest-deliveries tr[data-state=Sent]");
        Assert.Equal(1, await row.CountAsync());
        await row.Locator("button").ClickAsync();

        // Back on the same address after the post: wait for the answer on the page, not for the address.
        var asked = page.Locator("#attest-deliveries tr[data-state=Acknowledged] .last-asked");
        await asked.Filter(new LocatorFilterOptions { HasText = "goedgekeurd" }).First.WaitForAsync();
        Assert.Contains("goedgekeurd", await asked.Filter(new LocatorFilterOptions { HasText = "goedgekeurd" }).First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#attest-deliveries tr[data-state=Sent]").CountAsync());
        Assert.Equal("Status opgevraagd bij de instantie", await page.Locator("#timeline td[data-kind=DecisionAsked]").First.InnerTextAsync()); // in words, Dutch
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "asked-status.png"), FullPage = true });
    }

    [Fact]
    public async Task AnOperator_SeesACallbackThatGaveUp_AndOffersItAgainFromThePage()
    {
        await using var receiver = await StatuutHub.Tests.Shared.CallbackReceiver.StartAsync();
        await using var hub = await TestHub.StartAsync("--Callbacks:MaxAttempts=1");
        receiver.Now = hub.Time.GetUtcNow;
        await hub.Hub.App.Services.GetRequiredService<StatuutHub.Application.Callbacks.CallbackRegistry>()
            .RegisterAsync(DemoCredentials.InitiativeKbo, receiver.Url.ToString(), receiver.Secret = new string('k', 40), default);
        receiver.Down = true;
        var attest = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(attest);
        hub.Time.Advance(TimeSpan.FromSeconds(6));
        await hub.Callbacks.RunOnceAsync(default);

        var page = await OpenAsync(hub, "/terugmeldingen");
        var row = page.Locator($"#callbacks tr[data-initiative='{DemoCredentials.InitiativeKbo}']");
        Assert.Contains("503", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("attest.submitted", await page.Locator("#callback-failures tr[data-state=DeadLettered]").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "callbacks.png"), FullPage = true });

        receiver.Down = false;
        await row.Locator("button").ClickAsync();
        await row.Locator("button").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached }); // nothing given up any more
        await hub.Callbacks.RunOnceAsync(default);
        await page.ReloadAsync();
        Assert.Equal(0, await page.Locator("#callback-failures").CountAsync());
        Assert.Equal(Attests.IdOf(attest), Assert.Single(receiver.Accepted).AttestId);
    }

    [Fact]
    public async Task EveryPage_PassesAxe_WithoutASeriousViolation_AndShowsBelgianTime()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Dimona].Down();
        var attest = Attests.New();
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();

        var page = await OpenAsync(hub, "/");
        foreach (var path in new[] { "/", "/bezorgingen", "/bezorgingen?state=DeadLettered", "/bezorgingen/1", "/mislukt", $"/attesten/{Attests.IdOf(attest)}", "/zoeken", "/terugmeldingen", "/deelnemer", "/meldingen", "/statistieken", "/geweigerd", "/?lang=en" })
        {
            await page.GotoAsync(path);
            await Accessibility.ExpectNoSeriousViolationsAsync(page, path);
        }

        // Times in Belgian time, the offset and UTC on hover: 2026-11-22 10:00 UTC is 11:00 in Brussels (winter, +01:00).
        await page.GotoAsync($"/attesten/{Attests.IdOf(attest)}?lang=nl");
        var time = page.Locator("#timeline time").First;
        Assert.StartsWith("2026-11-22 11:00", await time.InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("UTC+01:00", await time.GetAttributeAsync("title") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("Ingediend", await page.Locator("#timeline td[data-kind=AttestSubmitted]").InnerTextAsync());

        var signedOut = await (await NewContextAsync(hub)).NewPageAsync();
        await signedOut.GotoAsync("/aanmelden");
        await Accessibility.ExpectNoSeriousViolationsAsync(signedOut, "/aanmelden");
    }

    [Fact]
    public async Task AParticipant_FoundByInszInAForm_ShowsEveryAttestAndEveryDecisionOverTime()
    {
        await using var hub = await TestHub.StartAsync();
        var first = Attests.New("UNEMPLOYMENT");
        first["activity"]!["endDate"] = "2027-01-31";
        var second = first.DeepClone().AsObject();
        second["attestId"] = Guid.NewGuid().ToString();
        second["benefits"] = new System.Text.Json.Nodes.JsonArray("SOCIAL_INTEGRATION");
        second["activity"]!["startDate"] = "2027-02-01";
        second["activity"]!["endDate"] = "2027-12-31";
        await hub.SubmitAsync(first);
        var accepted = await hub.SubmitAsync(second);
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        await hub.SettleAsync();
        var insz = first["participant"]!["insz"]!.GetValue<string>();

        var page = await OpenAsync(hub, "/deelnemer");
        await page.FillAsync("#insz", insz);
        await page.ClickAsync("#participant-search button");
        await page.Locator("#participant-attests").WaitForAsync();
        Assert.Equal(2, await page.Locator("#participant-attests tr[data-attest]").CountAsync());
        Assert.Contains("leefloon", await page.Locator($"#participant-attests tr[data-attest='{Attests.IdOf(second)}']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await page.Locator("#participant-events td[data-kind=AttestSubmitted]").CountAsync());
        Assert.True(await page.Locator("#participant-events td[data-kind=DecisionApproved]").CountAsync() >= 2); // the VDAB and the OCMW at least
        Assert.DoesNotContain(insz, page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(insz, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.ExpectNoSeriousViolationsAsync(page, "the participant page");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "participant.png"), FullPage = true });

        await page.FillAsync("#insz", "12345678901");
        await page.ClickAsync("#participant-search button");
        await page.Locator("#participant-result").WaitForAsync();
        Assert.Equal("Dit is geen geldig INSZ.", await page.Locator("#participant-result").InnerTextAsync());
    }

    private Task<IBrowserContext> NewContextAsync(TestHub hub) => DashboardSession.NewContextAsync(browser, hub);

    private static Task SignInAsync(IPage page, string user, string password, bool expectSuccess = true) => DashboardSession.SignInAsync(page, user, password, expectSuccess);

    private Task<IPage> OpenAsync(TestHub hub, string path) => DashboardSession.OpenAsync(browser, hub, path);
}
