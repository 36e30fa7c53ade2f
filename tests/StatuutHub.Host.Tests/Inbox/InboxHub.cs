using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatuutHub.Host.Security;

namespace StatuutHub.Host.Tests.Inbox;

/// <summary>What the inbox tests share: a hub with the OCMW on the inbox, and attests whose OCMW is 44021 (the demo office) or 11002.</summary>
internal static class InboxHub
{
    /// <summary>The settings that put every OCMW on the inbox.</summary>
    public static readonly string[] OcmwOnInbox = ["--Destinations:ocmw:Transport=Inbox"];

    /// <summary>A fresh attest on a leefloon for a participant living in <paramref name="nis"/> (44021: the demo office's municipality).</summary>
    public static JsonObject Leefloon(string nis = "44021")
    {
        var attest = Attests.New("SOCIAL_INTEGRATION");
        attest["participant"]!["residenceNis"] = nis;
        return attest;
    }

    /// <summary>Submits the attest and lets the other bodies decide: the OCMW's request stays in the inbox, Sent.</summary>
    public static async Task<Guid> SubmitAsync(TestHub hub, JsonObject attest)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        await hub.SettleAsync();
        return Attests.IdOf(attest);
    }

    /// <summary>The office's requests as its API lists them.</summary>
    public static async Task<List<JsonElement>> ListAsync(HttpClient office, string view = "open") =>
        [.. (await office.GetFromJsonAsync<JsonElement>($"api/v1/inbox?view={view}")).GetProperty("items").EnumerateArray()];

    /// <summary>The number of the inbox request about <paramref name="attestId"/> (the newest, when amended).</summary>
    public static async Task<long> RequestOfAsync(HttpClient office, Guid attestId, string view = "open") =>
        (await ListAsync(office, view)).Where(i => i.GetProperty("attestId").GetGuid() == attestId).Max(i => i.GetProperty("request").GetInt64());

    /// <summary>The state of the attest's delivery to <paramref name="destination"/> (its newest version's; a renewal planned after an
    /// approval left out).</summary>
    public static async Task<string> DeliveryStateAsync(TestHub hub, Guid attestId, string destination) =>
        (await hub.StatusAsync(attestId)).GetProperty("deliveries").EnumerateArray()
            .Where(d => d.GetProperty("destination").GetString() == destination && d.GetProperty("message").GetString() != "Renew").Last().GetProperty("state").GetString()!;

    public static HttpClient Office(TestHub hub) => hub.ClientWith(DemoCredentials.OfficeKey);

    public static HttpClient OtherOffice(TestHub hub) => hub.ClientWith(DemoCredentials.OtherOfficeKey);
}
