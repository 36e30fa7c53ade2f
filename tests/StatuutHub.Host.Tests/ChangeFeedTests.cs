using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StatuutHub.Application.Intake;
using StatuutHub.Host.Security;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Host.Tests;

/// <summary>The change feed (<c>GET /api/v1/attests</c>): an initiative follows its own attests by cursor; paging while others write
/// loses nothing and repeats only what changed again; changes younger than the settle time wait for the next read.</summary>
public sealed class ChangeFeedTests
{
    [Fact]
    public async Task PagingWhileAttestsAreSubmittedAndAmended_LosesNothing_AndRepeatsOnlyWhatChangedAgain()
    {
        await using var hub = await TestHub.StartAsync();
        var first = Enumerable.Range(0, 25).Select(_ => Attests.New("UNEMPLOYMENT")).ToList();
        foreach (var attest in first)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        }

        var other = Attests.New("UNEMPLOYMENT");
        other["initiative"]!["kbo"] = DemoCredentials.OtherInitiativeKbo;
        using var otherInitiative = hub.ClientWith(DemoCredentials.OtherInitiativeKey);
        Assert.Equal(HttpStatusCode.Accepted, (await otherInitiative.PostAsync("api/v1/attests", new StringContent(other.ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);

        Assert.Empty((await PageAsync(hub, null, 10)).Items); // younger than the settle time: not yet
        hub.Time.Advance(ChangeFeed.Settle + TimeSpan.FromSeconds(1));
        var page = await PageAsync(hub, null, 10);
        Assert.Equal((10, true), (page.Items.Count, page.More));

        // Meanwhile: one attest already read is amended, five new ones arrive.
        first[0]["activity"]!["hoursPerWeek"] = 20;
        Assert.Equal(HttpStatusCode.Accepted, (await hub.Client.PutAsync($"api/v1/attests/{Attests.IdOf(first[0])}", new StringContent(first[0].ToJsonString(), Encoding.UTF8, "application/json"))).StatusCode);
        var later = Enumerable.Range(0, 5).Select(_ => Attests.New("UNEMPLOYMENT")).ToList();
        foreach (var attest in later)
        {
            await hub.SubmitAsync(attest);
        }

        hub.Time.Advance(ChangeFeed.Settle + TimeSpan.FromSeconds(1));
        var seen = page.Items.ToList();
        var rest = new List<Guid>();
        var cursor = page.Next;
        while (page.More)
        {
            page = await PageAsync(hub, cursor, 10);
            rest.AddRange(page.Items);
            cursor = page.Next;
        }

        var unread = first.Select(Attests.IdOf).Except(seen).ToHashSet();
        Assert.Equal(rest.Count, rest.Distinct().Count()); // each once after the cursor
        Assert.Equal(unread.Concat(later.Select(Attests.IdOf)).Append(Attests.IdOf(first[0])).ToHashSet(), rest.ToHashSet());
        Assert.DoesNotContain(Attests.IdOf(other), seen.Concat(rest)); // another initiative's attest never shows
        Assert.Empty((await PageAsync(hub, cursor, 10)).Items); // nothing new: the cursor waits for the next change
    }

    [Fact]
    public async Task TheStatusFilter_ShowsOnlyAttestsInThatStatusNow_AndBadParametersAreExplained()
    {
        await using var hub = await TestHub.StartAsync();
        var recognised = Attests.New();
        var waiting = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(recognised);
        await hub.DispatchUntilIdleAsync();
        await hub.WaitForDecisionsAsync();
        await hub.SettleAsync();
        hub.Simulator[StatuutHub.Domain.Routing.DestinationKind.Vdab].ForgetsCallbacks = true;
        await hub.SubmitAsync(waiting);
        await hub.DispatchUntilIdleAsync();
        hub.Time.Advance(ChangeFeed.Settle + TimeSpan.FromSeconds(1));

        var only = await hub.Client.GetFromJsonAsync<JsonElement>("api/v1/attests?status=Recognised");
        Assert.Equal([Attests.IdOf(recognised)], only.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("attestId").GetGuid()));
        Assert.Equal($"/api/v1/attests/{Attests.IdOf(recognised)}", only.GetProperty("items")[0].GetProperty("statusUrl").GetString());

        foreach (var (query, code) in new[] { ("cursor=not-a-cursor", "CURSOR_INVALID"), ("status=Done", "STATUS_UNKNOWN"), ("limit=0", "LIMIT_OUT_OF_RANGE") })
        {
            using var bad = await hub.Client.GetAsync($"api/v1/attests?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(code, (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }

    private static async Task<(List<Guid> Items, string Next, bool More)> PageAsync(TestHub hub, string? cursor, int limit)
    {
        var page = await hub.Client.GetFromJsonAsync<JsonElement>($"api/v1/attests?limit={limit}{(cursor is null ? string.Empty : $"&cursor={cursor}")}");
        return (page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("attestId").GetGuid()).ToList(), page.GetProperty("next").GetString()!, page.GetProperty("more").GetBoolean());
    }
}
