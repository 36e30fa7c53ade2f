using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests.Security;

/// <summary>No oracle across initiatives: an initiative whose attest clashes with another initiative's hears only that support must
/// look — not the other attest, its framework or its hours — and cannot bisect the other initiative's hours with repeated tries;
/// support reads both sides and the alert names the initiative that keeps trying.</summary>
public sealed class CrossInitiativeConflictTests
{
    [Fact]
    public async Task RepeatedTriesAgainstAnotherInitiativesHours_LearnNothing_AreCapped_AlertSupport_WhoSeeBothSides()
    {
        await using var hub = await TestHub.StartAsync();
        var theirs = Attests.New("INCAPACITY"); // initiative A: 16 hours a week at its workplace
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(theirs)).StatusCode);
        using var other = hub.ClientWith(DemoCredentials.OtherInitiativeKey);

        // Initiative B tries the same person at 30, 25 and 23 hours (with A's 16, over the 38-hour ceiling each time)...
        var answers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var hours in new[] { 30, 25, 23 })
        {
            answers.Add(await SubmitForBAsync(other, theirs, hours));
        }

        // ...then at 22 and 10, which would fit beside A's 16: after three clashes the person is not judged for B today.
        answers.Add(await SubmitForBAsync(other, theirs, 22));
        answers.Add(await SubmitForBAsync(other, theirs, 10));

        Assert.All(answers, a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.Status);
            Assert.Equal("NEEDS_SUPPORT_CHECK", JsonDocument.Parse(a.Body).RootElement.GetProperty("code").GetString());
            Assert.DoesNotContain("HOURS_OVER_CAP_TOGETHER", a.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(Attests.IdOf(theirs).ToString(), a.Body, StringComparison.Ordinal);
        });
        Assert.Single(answers.Select(a => JsonDocument.Parse(a.Body).RootElement.GetProperty("detail").GetString()).Distinct()); // one answer, whatever the hours

        // Another person is not held up for B.
        var someoneElse = ForB(Attests.New("INCAPACITY"), 10);
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostAsync("api/v1/attests", Json(someoneElse))).StatusCode);

        // Support: the alert names B, and the conflict list shows both sides with the real reason.
        var firing = await hub.Alerts.RunOnceAsync(CancellationToken.None);
        Assert.Contains(firing, a => a.Key == $"cross-initiative-conflicts:{DemoCredentials.OtherInitiativeKbo}");
        using var staff = hub.ClientWith(DemoCredentials.OperatorKey);
        var conflicts = await staff.GetFromJsonAsync<JsonElement>("api/v1/admin/conflicts");
        Assert.Equal(3, conflicts.GetArrayLength());
        Assert.All(conflicts.EnumerateArray(), c =>
        {
            Assert.Equal(DemoCredentials.OtherInitiativeKbo, c.GetProperty("initiative").GetString());
            Assert.Equal(Attests.IdOf(theirs), c.GetProperty("otherAttestId").GetGuid());
            Assert.Equal("HOURS_OVER_CAP_TOGETHER", c.GetProperty("code").GetString());
        });
        using var initiative = hub.ClientWith(DemoCredentials.InitiativeKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await initiative.GetAsync("api/v1/admin/conflicts")).StatusCode);
    }

    [Fact]
    public async Task AClashWithTheInitiativesOwnAttest_IsStillSaidPrecisely()
    {
        await using var hub = await TestHub.StartAsync();
        var first = Attests.New("INCAPACITY");
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(first)).StatusCode);
        var second = Attests.New("INCAPACITY");
        second["participant"] = first["participant"]!.DeepClone();
        second["activity"]!["workplace"] = "Een andere werkplek, Gent";
        second["activity"]!["hoursPerWeek"] = 30;

        var answer = await (await hub.SubmitAsync(second)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("HOURS_OVER_CAP_TOGETHER", answer.GetProperty("code").GetString());
        Assert.Equal(Attests.IdOf(first), answer.GetProperty("conflictingAttestId").GetGuid());
    }

    private static async Task<(HttpStatusCode, string)> SubmitForBAsync(HttpClient other, JsonObject theirs, int hours)
    {
        var attempt = Attests.New("INCAPACITY");
        attempt["participant"] = theirs["participant"]!.DeepClone();
        using var response = await other.PostAsync("api/v1/attests", Json(ForB(attempt, hours)));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonObject ForB(JsonObject attest, int hours)
    {
        attest["initiative"]!["kbo"] = DemoCredentials.OtherInitiativeKbo;
        attest["initiative"]!["name"] = "Tweede initiatief vzw";
        attest["activity"]!["workplace"] = "Atelier, Aalst";
        attest["activity"]!["hoursPerWeek"] = hours;
        return attest;
    }

    private static StringContent Json(JsonObject attest) => new(attest.ToJsonString(), Encoding.UTF8, "application/json");
}
