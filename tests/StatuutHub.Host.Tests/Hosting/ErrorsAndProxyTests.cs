using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Tests.Hosting;

/// <summary>An unhandled exception is a problem answer with a correlation id; forwarded headers count only when switched on
/// (the WSDL address, the Secure cookie and the rate-limit partition then follow the proxy); a hung store makes the hub not ready.</summary>
public sealed class ErrorsAndProxyTests
{
    [Fact]
    public async Task AnUnhandledException_IsA500Problem_WithTheCorrelationIdOfTheResponseHeader_AndNoStackTrace()
    {
        await using var hub = await TestHub.StartAsync(b => b.Services.AddSingleton(DispatchProxy.Create<ISupportQueries, Failing>()));
        using var staff = hub.ClientWith(DemoCredentials.OperatorKey);

        using var answer = await staff.GetAsync("api/v1/admin/overview");

        Assert.Equal(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("INTERNAL_ERROR", problem.GetProperty("code").GetString());
        Assert.Equal(answer.Headers.GetValues("X-Correlation-Id").Single(), problem.GetProperty("correlationId").GetString());
        Assert.DoesNotContain("Failing", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryProblem_CarriesACorrelationId()
    {
        await using var hub = await TestHub.StartAsync();
        using var answer = await hub.Client.GetAsync($"api/v1/attests/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(answer.Headers.GetValues("X-Correlation-Id").Single(), problem.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task BehindATrustedProxy_TheWsdlAdvertisesThePublicHttpsAddress_AndTheStaffCookieIsSecure()
    {
        await using var hub = await TestHub.StartAsync("--Proxy:Enabled=true");
        var forwarded = new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-Host"] = "hub.example.be", ["X-Forwarded-For"] = "203.0.113.9" };
        using var request = new HttpRequestMessage(HttpMethod.Get, "soap/attest?wsdl");
        forwarded.ToList().ForEach(h => request.Headers.Add(h.Key, h.Value));
        using var wsdl = await hub.Client.SendAsync(request);
        Assert.Contains("location=\"https://hub.example.be/soap/attest\"", await wsdl.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var form = new SignInForm(hub.Hub.BaseAddress, forwarded);
        using var signedIn = await form.PostAsync(DemoCredentials.OperatorUser, DemoCredentials.OperatorPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("statuut.staff=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithoutTheProxySetting_ForwardedHeadersChangeNothing()
    {
        await using var hub = await TestHub.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "soap/attest?wsdl");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        using var wsdl = await hub.Client.SendAsync(request);
        var text = await wsdl.Content.ReadAsStringAsync();
        Assert.Contains($"location=\"{hub.Hub.BaseAddress}soap/attest\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindATrustedProxy_AnonymousCallersAreRateLimitedByTheirOwnAddress_NotTheProxys()
    {
        await using var hub = await TestHub.StartAsync("--Proxy:Enabled=true", "--Security:RateLimit:PermitsPerPeriod=1", "--Security:RateLimit:Period=01:00:00", "--Security:RateLimit:Burst=2");
        using var anonymous = hub.AnonymousClient();
        async Task<HttpStatusCode> CallAsync(string from)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "health/live");
            request.Headers.Add("X-Forwarded-For", from);
            using var answer = await anonymous.SendAsync(request);
            return answer.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await CallAsync("203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await CallAsync("203.0.113.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync("203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await CallAsync("203.0.113.2")); // another caller behind the same proxy has its own bucket
    }

    [Fact]
    public async Task AStoreThatDoesNotAnswer_MakesTheHubUnready_WithinTheProbeTimeout()
    {
        await using var hub = await TestHub.StartAsync(
            b => b.Services.AddSingleton<IStoreLifecycle>(sp => Hanging.Around(sp.GetRequiredService<IHubStore>())),
            "--Health:StoreTimeout=00:00:00.200");
        using var answer = await hub.Client.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        var report = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unavailable", report.GetProperty("status").GetString());
        Assert.Contains("did not answer", report.GetProperty("checks").GetProperty("store").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProxyAddressThatDoesNotParse_StopsTheHubAtStartUp()
    {
        var ex = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var hub = await TestHub.StartAsync("--Proxy:Enabled=true", "--Proxy:KnownNetworks:0=10.0.0.0/abc");
        });
        Assert.Contains("Proxy:KnownNetworks", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Every call throws, as a broken dependency would.</summary>
    public class Failing : DispatchProxy
    {
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            throw new InvalidOperationException($"Failing {targetMethod?.DeclaringType?.Name}.{targetMethod?.Name} (test)");
    }

    /// <summary>The real store, except that its readiness query never answers.</summary>
    public class Hanging : DispatchProxy
    {
        private IStoreLifecycle _inner = null!;

        public static IStoreLifecycle Around(IStoreLifecycle inner)
        {
            var proxy = DispatchProxy.Create<IStoreLifecycle, Hanging>();
            ((Hanging)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(IStoreLifecycle.IsReadyAsync) ? new TaskCompletionSource<bool>().Task : targetMethod.Invoke(_inner, args);
    }
}
