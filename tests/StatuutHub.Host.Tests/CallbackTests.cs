using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StatuutHub.Application.Intake;
using StatuutHub.Host.Security;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Host.Tests;

/// <summary>Callbacks to initiatives: registered by an operator, every status change POSTed signed to the initiative's endpoint, verified
/// there by code of its own; an endpoint that is down is retried, then dead-lettered after the budget and offered again.</summary>
public sealed class CallbackTests
{
    [Fact]
    public async Task EveryStatusChange_ReachesTheInitiative_SignedAndInOrder_AndOnlyItsOwnAttests()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        await using var hub = await TestHub.StartAsync();
        receiver.Now = hub.Time.GetUtcNow;
        using var operatorClient = hub.ClientWith(DemoCredentials.OperatorKey);
        receiver.Secret = await RegisterAsync(operatorClient, receiver.Url);

        var attest = Attests.New();
        await hub.SubmitAsync(attest);
        var other = Attests.New();
        other["initiative"]!["kbo"] = DemoCredentials.OtherInitiativeKbo;
        using var otherInitiative = hub.ClientWith(DemoCredentials.OtherInitiativeKey);
        await otherInitiative.PostAsync("api/v1/attests", new StringContent(other.ToJsonString(), Encoding.UTF8, "application/json"));
        await hub.SettleAsync();
        await DeliverAsync(hub);

        Assert.Empty(receiver.Refused);
        var events = receiver.Accepted;
        Assert.All(events, e => Assert.Equal(Attests.IdOf(attest), e.AttestId)); // never another initiative's attest
        Assert.Equal("attest.submitted", events[0].Type);
        Assert.Equal("attest.recognised", events[^1].Type);
        Assert.Equal("Recognised", events[^1].Body.GetProperty("attest").GetProperty("status").GetString());
        var decided = events.Where(e => e.Type == "delivery.decided").ToList();
        Assert.NotEmpty(decided);
        Assert.All(decided, e => Assert.Equal("approved", e.Body.GetProperty("decision").GetString()));
        Assert.Equal(decided.Count, decided.Select(e => e.Body.GetProperty("destination").GetString()).Distinct().Count());
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.DoesNotContain(attest["participant"]!["insz"]!.GetValue<string>(), string.Join('\n', events.Select(e => e.Body.GetRawText())), StringComparison.Ordinal);

        // A second round has nothing more to say, and a body changed on the way fails the receiver's check.
        await DeliverAsync(hub);
        Assert.Equal(events.Count, receiver.Accepted.Count);
        var signature = StatuutHub.Application.Callbacks.CallbackSignature.Sign(receiver.Secret, events[0].Body.GetRawText(), hub.Time.GetUtcNow());
        Assert.True(CallbackReceiver.Verify(receiver.Secret, signature, events[0].Body.GetRawText(), hub.Time.GetUtcNow(), TimeSpan.FromMinutes(5), out _));
        Assert.False(CallbackReceiver.Verify(receiver.Secret, signature, events[0].Body.GetRawText().Replace("attest.submitted", "attest.cancelled", StringComparison.Ordinal), hub.Time.GetUtcNow(), TimeSpan.FromMinutes(5), out var tampered));
        Assert.Equal("signature does not match", tampered);
        Assert.False(CallbackReceiver.Verify(receiver.Secret, signature, events[0].Body.GetRawText(), hub.Time.GetUtcNow().AddMinutes(6), TimeSpan.FromMinutes(5), out var replayed));
        Assert.Equal("timestamp outside the replay window", replayed);
    }

    [Fact]
    public async Task AnEndpointThatIsDown_IsRetried_ThenDelivered_AndAfterTheBudget_DeadLettered_AndOfferedAgain()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        // The circuit stays closed here (it would open after five failures and stop spending the budget): this is about the budget.
        await using var hub = await TestHub.StartAsync("--Callbacks:MaxAttempts=3", "--Callbacks:RetryBaseDelay=00:00:01", "--Callbacks:RetryMaxDelay=00:00:02",
            "--Callbacks:CircuitMinimumThroughput=1000");
        receiver.Now = hub.Time.GetUtcNow;
        using var operatorClient = hub.ClientWith(DemoCredentials.OperatorKey);
        receiver.Secret = await RegisterAsync(operatorClient, receiver.Url);
        receiver.Down = true;

        var first = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(first);
        await DeliverAsync(hub);
        Assert.Equal(1, receiver.Requests);
        var pending = await EventsAsync(operatorClient, "Pending");
        Assert.Equal((1, "the initiative answered 503 Service Unavailable"), (pending[0].GetProperty("attempts").GetInt32(), pending[0].GetProperty("lastError").GetString()));
        Assert.Equal(0, await hub.Callbacks.RunOnceAsync(default)); // its retry is not due yet: nothing is tried
        Assert.Equal(1, receiver.Requests);

        await DeliverAsync(hub); // later than the longest retry delay (2 s)
        Assert.Equal(2, receiver.Requests);
        receiver.Down = false;
        await DeliverAsync(hub);
        Assert.Equal(["attest.submitted"], receiver.Accepted.Select(e => e.Type));

        receiver.Down = true;
        var second = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(second);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await DeliverAsync(hub);
        }

        var dead = await EventsAsync(operatorClient, "DeadLettered");
        Assert.Equal(Attests.IdOf(second), Assert.Single(dead).GetProperty("attestId").GetGuid());
        Assert.StartsWith("retry budget of 3 attempts spent", dead[0].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var listed = (await operatorClient.GetFromJsonAsync<JsonElement>("api/v1/admin/callbacks"))[0];
        Assert.Equal(1, listed.GetProperty("events").GetProperty("DeadLettered").GetInt32());

        receiver.Down = false;
        using var viewer = hub.ClientWith(DemoCredentials.ViewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("api/v1/admin/callbacks/retry", new { })).StatusCode);
        var offered = await operatorClient.PostAsJsonAsync("api/v1/admin/callbacks/retry", new { initiative = DemoCredentials.InitiativeKbo });
        Assert.Equal(1, (await offered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("offered").GetInt32());
        await DeliverAsync(hub);
        Assert.Equal([Attests.IdOf(first), Attests.IdOf(second)], receiver.Accepted.Select(e => e.AttestId));
        Assert.Empty(await EventsAsync(operatorClient, "DeadLettered"));
    }

    [Theory]
    [InlineData("http://example.be/hook", "CALLBACK_URL_NOT_HTTPS")]
    [InlineData("https://127.0.0.1/hook", "CALLBACK_URL_PRIVATE")]
    [InlineData("https://localhost:8443/hook", "CALLBACK_URL_PRIVATE")]
    [InlineData("https://10.1.2.3/hook", "CALLBACK_URL_PRIVATE")]
    [InlineData("https://169.254.169.254/latest/meta-data", "CALLBACK_URL_PRIVATE")]
    [InlineData("https://[::1]/hook", "CALLBACK_URL_PRIVATE")]
    [InlineData("https://user:pw@example.be/hook", "CALLBACK_URL_INVALID")]
    [InlineData("/relative", "CALLBACK_URL_INVALID")]
    public async Task OutsideTheDemo_OnlyPublicHttpsAddressesAreAccepted(string url, string code)
    {
        await using var hub = await TestHub.StartAsync("--Callbacks:AllowHttp=false", "--Callbacks:AllowPrivateNetworks=false");
        using var operatorClient = hub.ClientWith(DemoCredentials.OperatorKey);
        var refused = await operatorClient.PutAsJsonAsync($"api/v1/admin/initiatives/{DemoCredentials.InitiativeKbo}/callback", new { url });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());

        var accepted = await operatorClient.PutAsJsonAsync($"api/v1/admin/initiatives/{DemoCredentials.InitiativeKbo}/callback", new { url = "https://hooks.example.be/statuut" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(43, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!.Length);
        var weak = await operatorClient.PutAsJsonAsync($"api/v1/admin/initiatives/{DemoCredentials.InitiativeKbo}/callback", new { url = "https://hooks.example.be/statuut", secret = "short" });
        Assert.Equal("CALLBACK_SECRET_WEAK", (await weak.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var badKbo = await operatorClient.PutAsJsonAsync("api/v1/admin/initiatives/0123456789/callback", new { url = "https://hooks.example.be/statuut" });
        Assert.Equal("INITIATIVE_INVALID", (await badKbo.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        using var viewer = hub.ClientWith(DemoCredentials.ViewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync($"api/v1/admin/initiatives/{DemoCredentials.InitiativeKbo}/callback", new { url = "https://hooks.example.be/x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await operatorClient.DeleteAsync($"api/v1/admin/initiatives/{DemoCredentials.InitiativeKbo}/callback")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.DeleteAsync($"api/v1/admin/initiatives/{DemoCredentials.InitiativeKbo}/callback")).StatusCode);
    }

    private static async Task<string> RegisterAsync(HttpClient operatorClient, Uri url)
    {
        var response = await operatorClient.PutAsJsonAsync($"api/v1/admin/initiatives/{DemoCredentials.InitiativeKbo}/callback", new { url });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
    }

    private static async Task<List<JsonElement>> EventsAsync(HttpClient client, string state) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"api/v1/admin/callbacks/events?state={state}")).EnumerateArray()];

    /// <summary>Lets the changes settle, then runs the sender's rounds until nothing is due.</summary>
    private static async Task DeliverAsync(TestHub hub)
    {
        hub.Time.Advance(ChangeFeed.Settle + TimeSpan.FromSeconds(1));
        while (await hub.Callbacks.RunOnceAsync(default) > 0)
        {
        }
    }
}
