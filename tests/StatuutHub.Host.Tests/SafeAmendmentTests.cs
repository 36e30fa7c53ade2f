using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Host.Tests;

/// <summary>Two people amending the same attest: the status carries its version as an ETag; a change with If-Match applies only to
/// the version it names, so the second writer gets 412 instead of silently overwriting the first.</summary>
public sealed class SafeAmendmentTests
{
    [Fact]
    public async Task TwoAmendsOfTheSameVersion_TheFirstWins_TheSecondGets412_AndChangesNothing()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT");
        var id = Attests.IdOf(attest);
        var submitted = await hub.SubmitAsync(attest);
        Assert.Equal("\"v1\"", submitted.Headers.ETag?.Tag);
        using var read = await hub.Client.GetAsync($"api/v1/attests/{id}");
        var etag = read.Headers.ETag!;
        Assert.Equal(("\"v1\"", false), (etag.Tag, etag.IsWeak));

        attest["activity"]!["hoursPerWeek"] = 20;
        var first = await AmendAsync(hub, id, attest.ToJsonString(), etag.Tag);
        Assert.Equal((HttpStatusCode.Accepted, "\"v2\""), (first.StatusCode, first.Headers.ETag?.Tag));

        attest["activity"]!["hoursPerWeek"] = 12;
        var second = await AmendAsync(hub, id, attest.ToJsonString(), etag.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("STALE_VERSION", problem.GetProperty("code").GetString());
        Assert.Contains("version is 2", problem.GetProperty("title").GetString(), StringComparison.Ordinal);

        var status = await hub.StatusAsync(id);
        Assert.Equal(2, status.GetProperty("version").GetInt32());
        Assert.Single(status.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "AttestAmended");

        // A stale cancel is refused the same way; with the current ETag it goes through.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await CancelAsync(hub, id, "\"v1\"")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await CancelAsync(hub, id, "\"v2\"")).StatusCode);
    }

    [Fact]
    public async Task IfMatchStar_MatchesAnyVersion_AMalformedTagMatchesNone()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT");
        var id = Attests.IdOf(attest);
        await hub.SubmitAsync(attest);
        attest["activity"]!["hoursPerWeek"] = 20;

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await AmendAsync(hub, id, attest.ToJsonString(), "\"version-one\"")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await AmendAsync(hub, id, attest.ToJsonString(), "*")).StatusCode);
    }

    [Fact]
    public async Task WithRequireIfMatch_AChangeWithoutIt_Gets428_WithoutItTheDefaultLetsItThrough()
    {
        await using (var strict = await TestHub.StartAsync("--Intake:RequireIfMatch=true"))
        {
            var attest = Attests.New("UNEMPLOYMENT");
            await strict.SubmitAsync(attest);
            var missing = await strict.Client.PutAsync($"api/v1/attests/{Attests.IdOf(attest)}", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
            Assert.Equal("IF_MATCH_REQUIRED", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
            Assert.Equal(HttpStatusCode.PreconditionRequired, (await strict.Client.PostAsync($"api/v1/attests/{Attests.IdOf(attest)}/cancel", null)).StatusCode);
        }

        await using var lenient = await TestHub.StartAsync();
        var other = Attests.New("UNEMPLOYMENT");
        await lenient.SubmitAsync(other);
        Assert.Equal(HttpStatusCode.Accepted, (await lenient.Client.PostAsync($"api/v1/attests/{Attests.IdOf(other)}/cancel", null)).StatusCode);
    }

    private static async Task<HttpResponseMessage> AmendAsync(TestHub hub, Guid id, string body, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/v1/attests/{id}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await hub.Client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> CancelAsync(TestHub hub, Guid id, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/attests/{id}/cancel");
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await hub.Client.SendAsync(request);
    }

    [Fact]
    public async Task AnAmendmentToAnotherPerson_Is409_AndTheAttestStaysWithItsPerson()
    {
        // As the security review did it: submit for a throw-away INSZ, then amend to a real person's.
        await using var hub = await TestHub.StartAsync();
        var throwAway = Attests.New("UNEMPLOYMENT");
        var id = Attests.IdOf(throwAway);
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(throwAway)).StatusCode);
        var realPerson = Attests.New("UNEMPLOYMENT")["participant"]!.DeepClone();
        var moved = throwAway.DeepClone().AsObject();
        moved["participant"] = realPerson;

        var answer = await hub.Client.PutAsync($"api/v1/attests/{id}", new StringContent(moved.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal("PARTICIPANT_CHANGED", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var status = await hub.StatusAsync(id);
        Assert.Equal(1, status.GetProperty("version").GetInt32());
        using var staff = hub.ClientWith(StatuutHub.Host.Security.DemoCredentials.OperatorKey);
        var search = await staff.PostAsJsonAsync("api/v1/admin/search", new { query = realPerson["insz"]!.GetValue<string>() });
        Assert.Empty((await search.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()); // the real person holds no attest
    }

    [Fact]
    public async Task TheInitiativesStatus_NamesNoStaffMember_AndNoInternalAddress_StaffSeeBoth()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT");
        var id = Attests.IdOf(attest);
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        using var staff = hub.ClientWith(StatuutHub.Host.Security.DemoCredentials.OperatorKey);
        Assert.Equal(HttpStatusCode.Accepted, (await staff.PostAsync($"api/v1/admin/attests/{id}/cancel", null)).StatusCode);

        var theirs = await hub.Client.GetStringAsync($"api/v1/attests/{id}");
        var support = await staff.GetStringAsync($"api/v1/admin/attests/{id}");
        Assert.DoesNotContain("operator:", theirs, StringComparison.Ordinal);
        Assert.Contains("\"actor\":\"support\"", theirs, StringComparison.Ordinal);
        Assert.Contains("operator:", support, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Connection refused (127.0.0.1:5081)", "Connection refused ([agency])")]
    [InlineData("An error occurred while sending the request to http://rva.internal.example:8443/ama/requests.", "An error occurred while sending the request to [agency]")]
    [InlineData("No such host is known. (rva-gateway:443)", "No such host is known. ([agency])")]
    [InlineData("Connection refused ([::1]:5083)", "Connection refused ([agency])")]
    [InlineData("HTTP 503 from the agency after 10 s (AttemptTimeout)", "HTTP 503 from the agency after 10 s (AttemptTimeout)")]
    [InlineData("goedgekeurd door rva (ref VDAB-AMA-100000000001) op 2027-01-04 om 10:00", "goedgekeurd door rva (ref VDAB-AMA-100000000001) op 2027-01-04 om 10:00")]
    public void AnErrorAsTheInitiativeReadsIt_HasNoInternalAddress(string error, string shown) =>
        Assert.Equal(shown, StatuutHub.Host.Intake.AttestStatusText.ForInitiative(error));
}
