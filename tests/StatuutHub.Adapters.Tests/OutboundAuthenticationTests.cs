using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Adapters.Tests;

/// <summary>The hub proves who it is to each agency, as configured per destination: an API key, an OAuth2 client-credentials
/// token (fetched once, shared, renewed before it expires and after a revocation), or a client certificate (mutual TLS).
/// A wrong credential is a permanent failure that says so — the dispatcher dead-letters it instead of retrying forever.</summary>
public sealed class OutboundAuthenticationTests : IAsyncLifetime
{
    private AgencySimulator _simulator = null!;

    public async Task InitializeAsync() =>
        _simulator = await AgencySimulator.StartAsync(Enum.GetValues<DestinationKind>().ToDictionary(k => k, k => $"secret-{k}-0123456789"));

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private AdapterHost Host(params (string Key, string? Value)[] overrides) =>
        AdapterHost.Start(_simulator.HubSettings().Where(s => !overrides.Any(o => o.Key == s.Key)).Concat(overrides.Select(o => KeyValuePair.Create(o.Key, o.Value))));

    private static Task<AgencyAnswer> SendAsync(AdapterHost host, DestinationKind kind) =>
        host.Adapter(kind).SendAsync(AdapterTests.Message(kind, MessageKind.Create), default);

    [Fact]
    public async Task ApiKey_TheRightOneIsTaken_AWrongOneIsAPermanentFailureThatSaysSo()
    {
        using (var right = Host())
        {
            Assert.Equal(AnswerKind.Receipt, (await SendAsync(right, DestinationKind.Vdab)).Kind);
        }

        using var wrong = Host(("Destinations:vdab:Authentication:ApiKey", "not-the-key"));
        var ex = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(wrong, DestinationKind.Vdab));
        Assert.False(ex.Transient);
        Assert.Contains("refused the hub's credential (401", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, _simulator[DestinationKind.Vdab].Gate.Refused);
        Assert.Single(_simulator[DestinationKind.Vdab].Received);
    }

    [Fact]
    public async Task OAuth2_OneTokenServesEverySend_EvenAtOnce_AndIsRenewedBeforeItExpires()
    {
        using var host = Host();
        var rva = _simulator[DestinationKind.Rva];
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SendAsync(host, DestinationKind.Rva)));
        Assert.Equal(1, rva.Gate.TokensIssued); // twenty sends at once asked for one token
        Assert.Equal(20, rva.Received.Count);

        // The simulated agency's tokens live 5 minutes; the hub renews 60 s before that.
        host.Time.Advance(TimeSpan.FromMinutes(3.5));
        await SendAsync(host, DestinationKind.Rva);
        Assert.Equal(1, rva.Gate.TokensIssued);
        host.Time.Advance(TimeSpan.FromSeconds(31));
        await SendAsync(host, DestinationKind.Rva);
        Assert.Equal(2, rva.Gate.TokensIssued);
        Assert.Equal(0, rva.Gate.Refused);
    }

    [Fact]
    public async Task OAuth2_ATokenTheAgencyRevoked_IsRenewedOnce_AndTheMessageGoes()
    {
        using var host = Host();
        var dimona = _simulator[DestinationKind.Dimona];
        await SendAsync(host, DestinationKind.Dimona);
        dimona.Gate.RevokeTokens();

        Assert.Equal(AnswerKind.Receipt, (await SendAsync(host, DestinationKind.Dimona)).Kind);
        Assert.Equal(2, dimona.Gate.TokensIssued);
        Assert.Equal(1, dimona.Gate.Refused);
        Assert.Equal(2, dimona.Received.Count);
    }

    [Fact]
    public async Task OAuth2_AWrongClientSecret_IsAPermanentFailure_NamingTheTokenEndpoint_AndNothingIsSent()
    {
        using var host = Host(("Destinations:rva:Authentication:ClientSecret", "wrong-secret"));
        var ex = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(host, DestinationKind.Rva));
        Assert.False(ex.Transient);
        Assert.Contains("token endpoint refused the hub's client credentials (401 invalid_client)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Destinations:rva:Authentication", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_simulator[DestinationKind.Rva].Received);
    }

    [Fact]
    public async Task MutualTls_TheRegisteredClientCertificateIsTaken_AnotherIsRefused_AnUnpinnedServerIsNotTrusted()
    {
        using var server = TestCertificates.Server();
        using var hubCertificate = TestCertificates.Client("CN=StatuutHub");
        using var stranger = TestCertificates.Client("CN=Stranger");
        var directory = Directory.CreateTempSubdirectory("statuut-mtls-");
        try
        {
            string Pfx(X509Certificate2 certificate, string name)
            {
                var path = Path.Combine(directory.FullName, name);
                File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
                return path;
            }

            var registered = Convert.ToHexString(SHA256.HashData(hubCertificate.RawData));
            await using var agencies = await AgencySimulator.StartAsync(HubSettingsSecrets(), required: kind => kind == DestinationKind.Vdab
                ? new AgencyCredentials { ClientCertificateThumbprint = registered }
                : AgencyCredentials.Demo(kind), serverCertificate: server);
            var pin = Convert.ToHexString(SHA256.HashData(server.RawData));
            AdapterHost With(string? certificatePath, string? serverPin) => AdapterHost.Start(agencies.HubSettings().Concat(new Dictionary<string, string?>
            {
                ["Destinations:vdab:Authentication:ClientCertificatePath"] = certificatePath,
                ["Destinations:vdab:Authentication:ClientCertificatePassword"] = "pfx-password",
                ["Destinations:vdab:Authentication:ServerCertificateThumbprints:0"] = serverPin,
            }));
            Assert.Equal("https", agencies[DestinationKind.Vdab].BaseUrl.Scheme);

            using (var host = With(Pfx(hubCertificate, "hub.pfx"), pin))
            {
                Assert.Equal(AnswerKind.Receipt, (await SendAsync(host, DestinationKind.Vdab)).Kind);
            }

            using (var host = With(Pfx(stranger, "stranger.pfx"), pin))
            {
                var refused = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(host, DestinationKind.Vdab));
                Assert.False(refused.Transient);
                Assert.Contains("refused the hub's credential (403", refused.Message, StringComparison.Ordinal);
            }

            using (var host = With(Pfx(hubCertificate, "hub2.pfx"), new string('0', 64)))
            {
                // A server whose certificate is neither trusted nor pinned is never sent the message (may be a rotation: retried).
                var untrusted = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(host, DestinationKind.Vdab));
                Assert.True(untrusted.Transient);
            }

            Assert.Single(agencies[DestinationKind.Vdab].Received);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Destinations:rva:Authentication:ClientSecret", null, "OAuth2 client credentials need ClientSecret")]
    [InlineData("Destinations:vdab:Authentication:ApiKey", null, "no credential configured")]
    [InlineData("Destinations:vdab:Authentication:ClientCertificatePath", "/nonexistent/hub.pfx", "cannot be loaded")]
    [InlineData("Destinations:vdab:Authentication:ServerCertificateThumbprints:0", "abc", "is not a SHA-256 thumbprint")]
    public void AnIncompleteOrMissingCredential_IsRefusedAtStartUp_OutsideDevelopment(string key, string? value, string reason)
    {
        using var host = Host((key, value));
        var kind = key.Contains(":rva:", StringComparison.Ordinal) ? DestinationKind.Rva : DestinationKind.Vdab;
        var ex = Assert.Throws<OptionsValidationException>(() => host.Options(kind));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoCredential_IsAllowed_WhenSaidDeliberately()
    {
        using var host = Host(("Destinations:vdab:Authentication:ApiKey", null), ("Destinations:vdab:Authentication:Anonymous", "true"));
        Assert.True(host.Options(DestinationKind.Vdab).Authentication.Anonymous);
    }

    private static Dictionary<DestinationKind, string> HubSettingsSecrets() =>
        Enum.GetValues<DestinationKind>().ToDictionary(k => k, k => $"secret-{k}-0123456789");
}
