using System.Net.Http.Headers;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Security;

namespace StatuutHub.Tests.Shared;

/// <summary>Credentials for hubs that run without the demo mode: the keys in clear for the test's
/// clients, their hashes as command-line settings for the hub (which never sees a key in clear).</summary>
public static class TestCredentials
{
    public const string InitiativeKbo = "0123456749";
    public const string InitiativeKey = "test-initiative-key-0123456749";
    public const string OperatorKey = "test-operator-key";
    public const string OperatorUser = "test-operator";
    public const string OperatorPassword = "test-operator-password";

    /// <summary>Security settings: the initiative of the numbered attests, the agencies with the given
    /// keys, one operator, and rate limits out of the way of load and volume tests.</summary>
    public static IEnumerable<string> Settings(IReadOnlyDictionary<DestinationKind, string> agencyKeys) =>
        new[]
        {
            $"--Security:Initiatives:{InitiativeKbo}:KeyHashes:0={CredentialHash.HashKey(InitiativeKey)}",
            $"--Security:Staff:{OperatorUser}:Role=operator",
            $"--Security:Staff:{OperatorUser}:KeyHashes:0={CredentialHash.HashKey(OperatorKey)}",
            $"--Security:Staff:{OperatorUser}:PasswordHash={CredentialHash.HashPassword(OperatorPassword, 10_000)}",
            "--Security:RateLimit:PermitsPerPeriod=1000000",
            "--Security:RateLimit:Burst=1000000",
        }.Concat(agencyKeys.Select(a => $"--Security:Agencies:{Destination.KindName(a.Key)}:KeyHashes:0={CredentialHash.HashKey(a.Value)}"))
        .Concat(TestPersonalData.Settings());

    /// <summary>Rate limits out of the way (for hubs in demo mode, which already know the demo keys).</summary>
    public static IEnumerable<string> NoRateLimit() => ["--Security:RateLimit:PermitsPerPeriod=1000000", "--Security:RateLimit:Burst=1000000"];

    /// <summary>A client signed in to the dashboard as a staff member (the sign-in form with its
    /// anti-forgery token, then the session cookie); redirects are not followed, so tests see them.</summary>
    public static async Task<HttpClient> StaffClientAsync(Uri baseAddress, string user, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        var form = await client.GetStringAsync("/aanmelden");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/aanmelden", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token),
            ["user"] = user,
            ["password"] = password,
            ["returnUrl"] = "/",
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            client.Dispose();
            throw new InvalidOperationException($"Sign-in as {user} failed: HTTP {(int)response.StatusCode}.");
        }

        return client;
    }

    /// <summary>A client that presents <paramref name="key"/> on every request.</summary>
    public static HttpClient Client(Uri baseAddress, string key, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
