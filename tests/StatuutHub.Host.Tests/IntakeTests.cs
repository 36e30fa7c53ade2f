using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StatuutHub.Host.Tests;

/// <summary>The REST intake's answers for bad input, preview and health; nothing invalid is stored.</summary>
public class IntakeTests
{
    [Fact]
    public async Task InvalidDocument_Gets400WithEveryProblem_AndNothingIsStored()
    {
        await using var hub = await TestHub.StartAsync();
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "invalid", "many-business-problems.xml"));
        var response = await hub.Client.PostAsync("api/v1/attests", new StringContent(xml, Encoding.UTF8, "application/xml"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ToArray();
        Assert.Equal(5, errors.Length);
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("path").GetString())));
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync("api/v1/attests/3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b")).StatusCode);
        Assert.Equal(0, await hub.Dispatcher.RunOnceAsync(default));
    }

    [Fact]
    public async Task LateStart_IsAccepted_WithItsWarnings_InTheAnswerAndInTheStatus()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("INCAPACITY");
        attest["activity"]!["startDate"] = "2026-11-15"; // a week before the test hub's today, 2026-11-22

        var response = await hub.SubmitAsync(attest);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var status = await hub.StatusAsync(Attests.IdOf(attest));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string[] expected = ["LATE_START_INCAPACITY", "LATE_START_DIMONA"];
        Assert.Equal(expected, answer.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()));
        Assert.Equal(expected, status.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()));
        Assert.All(status.GetProperty("warnings").EnumerateArray(), w => Assert.False(string.IsNullOrEmpty(w.GetProperty("message").GetString())));

        // Sent now, after the adviser's deadline (the working day before the start): the status says so, and what is at risk.
        await hub.DispatchUntilIdleAsync();
        var mutualiteit = (await hub.StatusAsync(Attests.IdOf(attest))).GetProperty("deliveries").EnumerateArray().First(d => d.GetProperty("destination").GetString() == "mutualiteit-100");
        var deadline = mutualiteit.GetProperty("deadline");
        Assert.Equal(("2026-11-13", true), (deadline.GetProperty("dueBy").GetString(), deadline.GetProperty("late").GetBoolean()));
        Assert.Contains("10 %", deadline.GetProperty("atRisk").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStartInTheFuture_IsAcceptedWithoutWarnings()
    {
        await using var hub = await TestHub.StartAsync();
        var answer = await (await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(answer.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task WvgBesideWseForOnePerson_Is409_PreciseOnlyToTheOwnerOfTheOtherAttest()
    {
        await using var hub = await TestHub.StartAsync();
        var wse = Attests.New("UNEMPLOYMENT");
        wse["kind"] = "AMA_WSE";
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(wse)).StatusCode);

        var ownWvg = Attests.New("UNEMPLOYMENT");
        ownWvg["participant"] = wse["participant"]!.DeepClone();
        ownWvg["kind"] = "AMA_WVG";
        var own = await (await hub.SubmitAsync(ownWvg)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("WVG_WSE_OVERLAP", Attests.IdOf(wse).ToString()), (own.GetProperty("code").GetString(), own.GetProperty("conflictingAttestId").GetString()));

        using var other = hub.ClientWith(StatuutHub.Host.Security.DemoCredentials.OtherInitiativeKey);
        var theirs = Attests.New("UNEMPLOYMENT");
        theirs["participant"] = wse["participant"]!.DeepClone();
        theirs["kind"] = "AMA_WVG";
        theirs["initiative"]!["kbo"] = StatuutHub.Host.Security.DemoCredentials.OtherInitiativeKbo;
        theirs["initiative"]!.AsObject().Remove("establishmentUnit");
        var response = await other.PostAsync("api/v1/attests", new StringContent(theirs.ToJsonString(), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("NEEDS_SUPPORT_CHECK", body, StringComparison.Ordinal); // not the other initiative's framework
        Assert.DoesNotContain("WVG_WSE_OVERLAP", body, StringComparison.Ordinal);
        Assert.DoesNotContain(Attests.IdOf(wse).ToString(), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AContractV2Attest_IsAccepted_AndRoutedByItsZiekenfondsAndCompetentOcmw()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.Example("v2-open-ended-wvg-at-another-workplace");

        var response = await hub.SubmitAsync(attest);
        var status = await hub.StatusAsync(Attests.IdOf(attest));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // The adviserend arts' permission the example holds (given 2026-10-15) is valid for two years: no new request.
        Assert.Equal(["ocmw-44088", "dimona"], status.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("destination").GetString()));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("period").GetProperty("end").ValueKind);
        Assert.Equal(("0417497106", "Kringwinkel Merelbeke-Melle"), (status.GetProperty("werkpost").GetProperty("kbo").GetString(), status.GetProperty("werkpost").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ExternalEntity_IsRefused_AndTheHostStaysHealthy()
    {
        await using var hub = await TestHub.StartAsync();
        var xml = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "invalid", "xxe-external-entity.xml"));
        var response = await hub.Client.PostAsync("api/v1/attests", new StringContent(xml, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("health/ready")).StatusCode);
    }

    [Fact]
    public async Task AnXmlDateWithWhiteSpace_ValidPerTheXsd_IsPreviewedAndAccepted_NotA500()
    {
        await using var hub = await TestHub.StartAsync();
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", "unemployment-and-leefloon.xml"))
            .Replace("<startDate>2027-01-04</startDate>", "<startDate>  2027-01-04\n </startDate>", StringComparison.Ordinal)
            .Replace("<birthDate>1985-07-30</birthDate>", "<birthDate>\t1985-07-30 </birthDate>", StringComparison.Ordinal);
        var preview = await hub.Client.PostAsync("api/v1/routing/preview", new StringContent(xml, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var submit = await hub.Client.PostAsync("api/v1/attests", new StringContent(xml, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var status = await hub.StatusAsync(Guid.Parse("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b"));
        Assert.Equal("2027-01-04", status.GetProperty("period").GetProperty("start").GetString());
    }

    [Fact]
    public async Task OverRest_ATrailingNewlineIs400ByItsPattern_AndDaysPerWeek3Point0IsAccepted()
    {
        await using var hub = await TestHub.StartAsync();
        var newline = Attests.New("UNEMPLOYMENT");
        newline["participant"]!["residenceNis"] = "44021\n";
        var refused = await hub.SubmitAsync(newline);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("SCHEMA_PATTERN", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var v2 = Attests.Example("v2-open-ended-wvg-at-another-workplace");
        v2["activity"]!["daysPerWeek"] = System.Text.Json.Nodes.JsonNode.Parse("3.0");
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(v2)).StatusCode);
    }

    [Fact]
    public async Task WrongMediaType_Is415_TooLarge_Is413()
    {
        await using var hub = await TestHub.StartAsync();
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await hub.Client.PostAsync("api/v1/attests", new StringContent("hello", Encoding.UTF8, "text/plain"))).StatusCode);
        var huge = new StringContent(new string(' ', 300_000), Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await hub.Client.PostAsync("api/v1/attests", huge)).StatusCode);
    }

    [Fact]
    public async Task RoutingPreview_ShowsThePlanWithDueAndAnswerDates_AndStoresNothing()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.Example();
        var response = await hub.Client.PostAsync("api/v1/routing/preview", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["vdab", "rva", "ocmw-44021", "dimona"], plan.GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("destination").GetString()));
        Assert.Equal([null, "vdab", null, null], plan.GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("waitsOn").GetString()));
        Assert.Empty(plan.GetProperty("spared").EnumerateArray());

        // Incapacity with a disability allowance: the adviser (its due day and the answer's), and no gap for the allowance.
        attest["benefits"] = new System.Text.Json.Nodes.JsonArray("INCAPACITY", "DISABILITY_ALLOWANCE");
        attest["participant"]!["landsbond"] = "100";
        plan = await (await hub.Client.PostAsync("api/v1/routing/preview", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["vdab", "mutualiteit-100", "dimona"], plan.GetProperty("destinations").EnumerateArray().Select(d => d.GetProperty("destination").GetString()));
        Assert.Empty(plan.GetProperty("gaps").EnumerateArray());
        var destinations = plan.GetProperty("destinations").EnumerateArray().ToDictionary(d => d.GetProperty("destination").GetString()!);
        var start = DateOnly.Parse(attest["activity"]!["startDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var mutualiteit = destinations["mutualiteit-100"];
        Assert.True(DateOnly.Parse(mutualiteit.GetProperty("dueBy").GetString()!, System.Globalization.CultureInfo.InvariantCulture) < start);
        Assert.True(DateOnly.Parse(mutualiteit.GetProperty("expectedAnswerBy").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > start);
        Assert.All(destinations.Values, d => Assert.NotEqual(JsonValueKind.Null, d.GetProperty("expectedAnswerBy").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);
    }

    [Fact]
    public async Task AmendWithOtherIdInBody_Is400_UnknownAttest_Is404()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New();
        var put = await hub.Client.PutAsync($"api/v1/attests/{Guid.NewGuid()}", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.PostAsync($"api/v1/attests/{Guid.NewGuid()}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task Metrics_ArePublishedInPrometheusFormat()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        var bad = Attests.New();
        bad["participant"]!["insz"] = "85073003329";
        await hub.SubmitAsync(bad);
        await hub.DispatchUntilIdleAsync();

        // Several hubs run in this test process and the meter is found by name, so a series may also count
        // another test's hub: assert that each series is there with a count, not the exact count.
        var metrics = string.Empty;
        await TestHub.WaitUntilAsync(async () =>
        {
            metrics = await hub.Client.GetStringAsync("metrics");
            return metrics.Contains("statuut_delivery_attempt_duration_milliseconds_count", StringComparison.Ordinal);
        }, "the hub's metrics in a scrape");

        Assert.Matches("statuut_attests_accepted_total\\{otel_scope_name=\"StatuutHub\",channel=\"rest\"\\} [1-9]", metrics);
        Assert.Matches("statuut_attests_rejected_total\\{otel_scope_name=\"StatuutHub\",channel=\"rest\",code=\"INSZ_CHECKSUM\"\\} [1-9]", metrics);
        Assert.Matches("statuut_delivery_attempt_duration_milliseconds_count\\{otel_scope_name=\"StatuutHub\",destination=\"vdab\",outcome=\"receipt\"\\} [1-9]", metrics);
        Assert.Contains("statuut_queue_depth", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain(bad["participant"]!["insz"]!.GetValue<string>(), metrics, StringComparison.Ordinal);

        // The framework's request durations, in and out; what it would count on every request and nothing reads is not measured.
        Assert.Contains("http_server_request_duration_seconds_count", metrics, StringComparison.Ordinal);
        Assert.Contains("http_client_request_duration_seconds_count", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("http_server_active_requests", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("http_client_open_connections", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_LiveAndReady()
    {
        await using var hub = await TestHub.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("health/live")).StatusCode);
        var ready = await hub.Client.GetFromJsonAsync<JsonElement>("health/ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ARunningAttest_MayBeAmendedLongAfterItsStart_ButAMovedStartIsJudgedAgain()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("INCAPACITY");
        var id = Attests.IdOf(attest);
        Assert.Equal(HttpStatusCode.Accepted, (await hub.SubmitAsync(attest)).StatusCode);
        hub.Time.SetUtcNow(new DateTimeOffset(2027, 3, 15, 9, 0, 0, TimeSpan.Zero)); // 70 days after the start (2027-01-04)

        Task<HttpResponseMessage> AmendAsync() => hub.Client.PutAsync($"api/v1/attests/{id}", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
        attest["activity"]!["hoursPerWeek"] = 20;
        Assert.Equal(HttpStatusCode.Accepted, (await AmendAsync()).StatusCode);

        attest["activity"]!["startDate"] = "2027-01-05";
        var moved = await AmendAsync();
        Assert.Equal(HttpStatusCode.BadRequest, moved.StatusCode);
        Assert.Equal("START_TOO_FAR_IN_PAST", (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("code").GetString());
    }
}
