using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatuutHub.Host.Tests;

/// <summary>The rules that cost a participant income, as an initiative meets them over HTTP: the routing preview and the
/// submit, on both sides of each boundary. The hub's "today" is Sunday 2026-11-22.</summary>
public class IncomeRulesOverHttpTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PreviewAsync(TestHub hub, JsonObject attest)
    {
        using var response = await hub.Client.PostAsync("api/v1/routing/preview", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private static string[] Codes(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToArray() : [];

    private static JsonObject BornOn(JsonObject doc, string birthDate, string start, string end)
    {
        var birth = DateOnly.Parse(birthDate, System.Globalization.CultureInfo.InvariantCulture);
        var nine = $"{birth:yyMMdd}123";
        var check = 97 - (int)(long.Parse(nine, System.Globalization.CultureInfo.InvariantCulture) % 97);
        doc["participant"]!["birthDate"] = birthDate;
        doc["participant"]!["insz"] = $"{nine}{check:00}";
        doc["activity"]!["startDate"] = start;
        doc["activity"]!["endDate"] = end;
        return doc;
    }

    [Theory]
    [InlineData("1963-06-10", "2029-06-01", "2029-06-30", null)] // 66 in June 2029: the pension starts 1 July
    [InlineData("1963-06-10", "2029-06-01", "2029-07-01", "PERIOD_PAST_PENSION")]
    [InlineData("1963-06-10", "2030-03-01", "2030-03-31", "PARTICIPANT_PENSION_AGE")]
    [InlineData("1964-01-10", "2030-01-20", "2030-06-30", null)] // 66, but the pension age is 67
    [InlineData("1964-01-01", "2031-01-02", "2031-01-31", null)] // 67 on 2031-01-01: the pension starts 1 February
    [InlineData("1964-01-01", "2031-02-01", "2031-02-28", "PARTICIPANT_PENSION_AGE")]
    public async Task ThePreview_JudgesThePensionByBirthDate(string birth, string start, string end, string? refused)
    {
        await using var hub = await TestHub.StartAsync();
        var (status, body) = await PreviewAsync(hub, BornOn(Attests.Example(), birth, start, end));
        Assert.Equal(refused is null ? HttpStatusCode.OK : HttpStatusCode.BadRequest, status);
        Assert.Equal(refused is null ? [] : [refused], Codes(body));
    }

    [Fact]
    public async Task ThePreview_DueDimonaAtTheStartItself_AndTheOthersBefore()
    {
        await using var hub = await TestHub.StartAsync();
        var (_, plan) = await PreviewAsync(hub, Attests.Example());
        var due = plan.GetProperty("destinations").EnumerateArray().ToDictionary(d => d.GetProperty("destination").GetString()!, d => d.GetProperty("dueBy").GetString());
        Assert.Equal("2027-01-04", due["dimona"]);  // IN at the latest when the activity starts
        Assert.Equal("2027-01-03", due["vdab"]);    // the others the day before
        Assert.Equal("2027-01-03", due["ocmw-44021"]);
    }

    [Fact]
    public async Task UnemploymentWithIncapacity_IsRefused_TheExamplesCombinationIsRoutedToFourBodies()
    {
        await using var hub = await TestHub.StartAsync();
        var both = Attests.Example();
        both["benefits"] = new JsonArray("UNEMPLOYMENT", "INCAPACITY");
        both["participant"]!["landsbond"] = "100";
        var (status, body) = await PreviewAsync(hub, both);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["BENEFITS_EXCLUDE_EACH_OTHER"], Codes(body));

        var (ok, plan) = await PreviewAsync(hub, Attests.Example());
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(["vdab", "rva", "ocmw-44021", "dimona"], plan.GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("destination").GetString()));
    }

    [Theory]
    [InlineData("AMA_WSE", new[] { "INCAPACITY" }, false, new[] { "vdab", "mutualiteit-100", "dimona" })] // VDAB decides AMA WSE for everyone
    [InlineData("AMA_WVG", new[] { "INCAPACITY" }, false, new[] { "mutualiteit-100", "dimona" })]
    [InlineData("AMA_WVG", new string[0], true, new[] { "vdab", "dimona" })] // a registered job seeker without benefit
    [InlineData("AMA_WVG", new string[0], false, new[] { "dimona" })]
    public async Task VdabIsAsked_ForEveryAmaWseAttest_AndForAJobSeekerInAmaWvg(string kind, string[] benefits, bool jobSeeker, string[] told)
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.Example("v2-wvg-registered-job-seeker");
        attest["kind"] = kind;
        attest["benefits"] = new JsonArray(benefits.Select(b => (JsonNode)b).ToArray());
        attest["participant"]!["registeredJobSeeker"] = jobSeeker;
        attest["participant"]!["ziekenfonds"] = "101";
        var (status, plan) = await PreviewAsync(hub, attest);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(told, plan.GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("destination").GetString()));
    }

    [Theory]
    [InlineData("2026-11-24", null)]                     // Tuesday: due Monday the 23rd, in time on Sunday
    [InlineData("2026-11-23", "LATE_START_INCAPACITY")]  // Monday: due Friday the 20th, so Sunday is late
    [InlineData("2026-11-09", "LATE_START_INCAPACITY")]  // the 14th day from the start: 10 %
    [InlineData("2026-11-08", "LATE_START_INCAPACITY_PAST_GRACE")] // the 15th: the benefit of those days
    public async Task TheSubmit_WarnsOfALateAdviserRequest_WithTheConsequenceThatHolds(string start, string? warned)
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("INCAPACITY");
        attest["activity"]!["startDate"] = start;
        using var response = await hub.SubmitAsync(attest);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var warnings = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("warnings").EnumerateArray()
            .Select(w => w.GetProperty("code").GetString()).Where(c => c!.StartsWith("LATE_START_INCAPACITY", StringComparison.Ordinal));
        Assert.Equal(warned is null ? [] : [warned], warnings);
    }
}
