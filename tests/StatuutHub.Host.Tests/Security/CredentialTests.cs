using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.ServiceModel;
using System.ServiceModel.Security;
using System.Text;
using System.Text.Json;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using StatuutHub.Domain.Security;
using StatuutHub.Host.Hosting;
using StatuutHub.Host.Security;
using StatuutHub.Host.Tests.Soap;

namespace StatuutHub.Host.Tests.Security;

/// <summary>How credentials behave over time and transport: rotation without restart, rate limits per
/// credential, mutual TLS with pinned client certificates (REST and the WCF client), start-up checks.</summary>
public sealed class CredentialTests
{
    [Fact]
    public async Task KeyRotation_BothKeysWorkDuringTheSwitch_TheOldOneStopsWhenRemoved_WithoutRestart()
    {
        const string oldKey = "rotation-old-key-0001";
        const string newKey = "rotation-new-key-0002";
        var file = Path.Combine(Path.GetTempPath(), $"statuut-security-{Guid.NewGuid():N}.json");
        void Write(params string[] keys) => File.WriteAllText(file, JsonSerializer.Serialize(new
        {
            Security = new { Initiatives = new Dictionary<string, object> { ["0123456749"] = new { KeyHashes = keys.Select(CredentialHash.HashKey).ToArray() } } },
        }));
        try
        {
            Write(oldKey);
            await using var hub = await TestHub.StartAsync(b => b.Configuration.AddJsonFile(file, optional: false, reloadOnChange: false));
            using var withOld = hub.ClientWith(oldKey);
            using var withNew = hub.ClientWith(newKey);
            var attest = Attests.New("UNEMPLOYMENT");
            Assert.Equal(HttpStatusCode.Accepted, (await withOld.PostAsJsonAsync("api/v1/attests", attest)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await withNew.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);

            Write(oldKey, newKey);
            ((IConfigurationRoot)hub.Hub.App.Configuration).Reload();
            Assert.Equal(HttpStatusCode.OK, (await withOld.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);

            Write(newKey);
            ((IConfigurationRoot)hub.Hub.App.Configuration).Reload();
            Assert.Equal(HttpStatusCode.Unauthorized, (await withOld.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await withNew.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task RateLimit_IsPerCredential_AndAnswers429WithRetryAfter()
    {
        // Three requests, then one more per hour: the test never waits for a refill.
        await using var hub = await TestHub.StartAsync("--Security:RateLimit:Burst=3", "--Security:RateLimit:PermitsPerPeriod=1", "--Security:RateLimit:Period=01:00:00");
        using var other = hub.ClientWith(DemoCredentials.OtherInitiativeKey);
        var missing = $"api/v1/attests/{Guid.NewGuid()}";
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync(missing)).StatusCode);
        }

        var limited = await hub.Client.GetAsync(missing);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("RATE_LIMITED", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(missing)).StatusCode);
    }

    [Fact]
    public async Task OversizedBodies_AreRefusedBeforeTheyAreRead_OnEveryEndpoint()
    {
        await using var hub = await TestHub.StartAsync();
        using var staff = hub.ClientWith(DemoCredentials.OperatorKey);
        using var agency = hub.ClientWith(DemoCredentials.AgencyKey(StatuutHub.Domain.Routing.DestinationKind.Ocmw));
        var big = new string('x', 2 * 1024 * 1024);
        // Expect: 100-continue, as a client sending a large body should: the refused body is then never sent.
        static HttpRequestMessage Post(string path, string body) => new(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { ExpectContinue = true },
        };
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await staff.SendAsync(Post("api/v1/admin/search", $"{{\"query\":\"{big}\"}}"))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await agency.SendAsync(Post("api/v1/acks/ocmw", big[..300_000]))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("health/ready")).StatusCode);
    }

    [Fact]
    public async Task A30MiBBody_SentWithoutExpectContinue_GetsIts413_NotABrokenConnection()
    {
        await using var hub = await TestHub.StartAsync();
        var body = "<attest xmlns=\"urn:be:statuuthub:attest:v1\">" + new string('x', 30 * 1024 * 1024) + "</attest>";
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/attests")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/xml"),
            Headers = { ExpectContinue = false },
        };

        using var answer = await hub.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Contains("REQUEST_TOO_LARGE", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync("health/live")).StatusCode);
    }

    [Theory]
    [InlineData("--Security:Initiatives:0123456748:KeyHashes:0=sha256:0000000000000000000000000000000000000000000000000000000000000000", "valid KBO number")]
    [InlineData("--Security:Staff:anna:Role=admin", "role 'admin'")]
    [InlineData("--Security:Agencies:fsb:KeyHashes:0=sha256:0000000000000000000000000000000000000000000000000000000000000000", "unknown agency")]
    [InlineData("--Security:Staff:anna:KeyHashes:0=plain-text-key", "is not 'sha256:'")]
    [InlineData("--Security:Staff:anna:PasswordHash=hunter2", "PasswordHash")]
    public async Task AMistakeInTheSecuritySection_StopsTheHubAtStartUp_WithTheReason(string setting, string reason)
    {
        var ex = await Assert.ThrowsAnyAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () =>
        {
            await using var hub = await TestHub.StartAsync(setting);
        });
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MutualTls_RegisteredClientCertificate_IsTheInitiative_OverRestAndSoap_OthersAreRefused()
    {
        using var server = TestCertificates.Server();
        using var client = TestCertificates.Client("CN=Initiatief 0123456749");
        using var stranger = TestCertificates.Client("CN=Stranger");
        var directory = Path.Combine(Path.GetTempPath(), $"statuut-tls-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var pfx = Path.Combine(directory, "server.pfx");
        await File.WriteAllBytesAsync(pfx, server.Export(X509ContentType.Pfx, "test-password"));
        try
        {
            await using var hub = await TestHub.StartAsync(
                "--urls=https://127.0.0.1:0",
                $"--Kestrel:Certificates:Default:Path={pfx}",
                "--Kestrel:Certificates:Default:Password=test-password",
                "--Security:ClientCertificates=allow",
                $"--Security:Initiatives:0123456749:CertificateThumbprints:0={Thumbprint(client)}");
            Assert.Equal("https", hub.Hub.BaseAddress.Scheme);

            using var withCertificate = Https(hub, server, client);
            using var withStranger = Https(hub, server, stranger);
            using var withNothing = Https(hub, server, null);
            var attest = Attests.New("UNEMPLOYMENT");
            Assert.Equal(HttpStatusCode.Accepted, (await withCertificate.PostAsJsonAsync("api/v1/attests", attest)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await withCertificate.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await withStranger.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await withNothing.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}")).StatusCode);

            // The WCF client, with the certificate as its transport credential (no key).
            var binding = new BasicHttpBinding(BasicHttpSecurityMode.Transport);
            binding.Security.Transport.ClientCredentialType = HttpClientCredentialType.Certificate;
            using var factory = new ChannelFactory<IAttestService>(binding, new EndpointAddress(new Uri(hub.Hub.BaseAddress, "soap/attest")));
            factory.Credentials.ClientCertificate.Certificate = client;
            factory.Credentials.ServiceCertificate.SslCertificateAuthentication = new X509ServiceCertificateAuthentication
            {
                CertificateValidationMode = X509CertificateValidationMode.Custom,
                CustomCertificateValidator = new PinnedCertificate(server),
            };
            var status = await factory.CreateChannel().GetAttestStatusAsync(new GetAttestStatusRequest { attestId = Attests.IdOf(attest).ToString() });
            var rest = await withCertificate.GetFromJsonAsync<JsonElement>($"api/v1/attests/{Attests.IdOf(attest)}");
            Assert.Equal((Attests.IdOf(attest).ToString(), rest.GetProperty("status").GetString()), (status.attestId, status.status));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Thumbprint(X509Certificate2 certificate) => Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));

    private static HttpClient Https(TestHub hub, X509Certificate2 server, X509Certificate2? client)
    {
        var handler = new HttpClientHandler
        {
            ClientCertificateOptions = ClientCertificateOption.Manual,
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == server.Thumbprint,
        };
        if (client is not null)
        {
            handler.ClientCertificates.Add(client);
        }

        return new HttpClient(handler) { BaseAddress = hub.Hub.BaseAddress };
    }

    private sealed class PinnedCertificate(X509Certificate2 expected) : System.IdentityModel.Selectors.X509CertificateValidator
    {
        public override void Validate(X509Certificate2 certificate)
        {
            if (certificate.Thumbprint != expected.Thumbprint)
            {
                throw new System.IdentityModel.Tokens.SecurityTokenValidationException("Not the hub's certificate.");
            }
        }
    }
}
