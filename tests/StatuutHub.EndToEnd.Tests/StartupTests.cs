using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StatuutHub.Domain.Security;
using StatuutHub.Tests.Shared;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>How the product and the demo start, as processes: the demo (README's run command) works end to
/// end; the product in Production never accepts the published demo credentials.</summary>
public sealed class StartupTests : IDisposable
{
    // Published in README.md; the hub must refuse them outside Development.
    private const string DemoInitiativeKey = "DEMO-ONLY-initiative-0123456749";

    private readonly string _data = Path.Combine(Path.GetTempPath(), "statuut-startup-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Demo_AsTheReadmeRunsIt_AcceptsTheDemoKey_AndTheAttestBecomesRecognised()
    {
        using var demo = await HubProcess.StartAsync(_data, ["--Simulator:FirstPort=0", "--Simulator:DecisionDelay=00:00:00", "--Dispatcher:PollInterval=00:00:00.050"], program: HubProcess.Demo);
        using var client = TestCredentials.Client(demo.BaseAddress, DemoInitiativeKey);
        var attest = NumberedAttests.StartingSoon(1);

        var submitted = await client.PostAsync("api/v1/attests", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);

        var status = $"api/v1/attests/{attest["attestId"]}";
        await NumberedAttests.WaitUntilAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>(status)).GetProperty("status").GetString() == "Recognised",
            TimeSpan.FromSeconds(60), "the demo attest Recognised by the simulated agencies");
    }

    [Fact]
    public async Task Demo_InProduction_RefusesToStart_NamingTheSetting()
    {
        var (exit, output) = await HubProcess.RunToExitAsync(Arguments("--environment=Production", "--Simulator:FirstPort=0"), HubProcess.Demo);

        Assert.NotEqual(0, exit);
        Assert.Contains("Security:DemoCredentials", output, StringComparison.Ordinal);
        Assert.Contains("Development", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Product_InProduction_WithDemoCredentialsSwitchedOn_RefusesToStart()
    {
        var (exit, output) = await HubProcess.RunToExitAsync(Arguments([.. AgencyKeys(), "--environment=Production", "--Security:DemoCredentials=true"]));

        Assert.NotEqual(0, exit);
        Assert.Contains("Security:DemoCredentials: the published demo credentials are allowed only in the Development environment", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Product_InProduction_WithADemoKeyConfigured_RefusesToStart()
    {
        var (exit, output) = await HubProcess.RunToExitAsync(Arguments([.. AgencyKeys(),
            "--environment=Production", $"--Security:Initiatives:0123456749:KeyHashes:0={CredentialHash.HashKey(DemoInitiativeKey)}"]));

        Assert.NotEqual(0, exit);
        Assert.Contains("Security:Initiatives:0123456749: the published demo credentials", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Product_InProduction_WithPlainHttpOrAPublishedDemoSecret_RefusesToStart_NamingEach()
    {
        string[] unsafeSettings =
        [
            "--Destinations:rva:BaseUrl=http://127.0.0.1:5081/",
            "--Destinations:rva:Authentication:TokenEndpoint=http://127.0.0.1:5081/token",
            "--Destinations:rva:Authentication:ClientId=hub",
            "--Destinations:rva:Authentication:ClientSecret=DEMO-ONLY-oauth-rva",
            $"--Audit:CheckpointKey={Convert.ToBase64String(Encoding.ASCII.GetBytes("DEMO-ONLY-audit-checkpoint-key-0123456789"))}",
            "--Broker:Enabled=true", "--Broker:Host=127.0.0.1",
        ];
        var (exit, output) = await HubProcess.RunToExitAsync(Arguments([.. AgencyKeys().Where(a => !a.Contains(":rva:", StringComparison.Ordinal)), "--environment=Production", .. unsafeSettings]));

        Assert.NotEqual(0, exit);
        foreach (var named in new[] { "Destinations:rva:BaseUrl is http", "Destinations:rva:Authentication:TokenEndpoint is http", "Destinations:rva:Authentication:ClientSecret is a secret published for the demo",
            "Audit:CheckpointKey is a secret published for the demo", "Broker:UseTls is off", "Security:AllowInsecureTransport=true" })
        {
            Assert.Contains(named, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Product_InProduction_WithInsecureTransportAllowed_Starts_AndWarnsAboutEach()
    {
        using var hub = await HubProcess.StartAsync(_data, ["--environment=Production", .. AgencyKeys(), "--Destinations:vdab:BaseUrl=http://127.0.0.1:5085/", "--Security:AllowInsecureTransport=true"]);

        await NumberedAttests.WaitUntilAsync(
            () => Task.FromResult(hub.Output.Any(line => line.Contains("Destinations:vdab:BaseUrl is http", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the start-up warning naming the plain-HTTP agency");
        Assert.DoesNotContain(hub.Output, line => line.Contains("Destinations:rva:BaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Product_InProduction_WithoutACredentialTowardsAnAgency_RefusesToStart_NamingIt()
    {
        var (exit, output) = await HubProcess.RunToExitAsync(Arguments([.. AgencyKeys().Where(a => !a.Contains(":vdab:", StringComparison.Ordinal)), "--environment=Production"]));

        Assert.NotEqual(0, exit);
        Assert.Contains("Destinations:vdab:Authentication: no credential configured", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Destinations:rva:Authentication", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Product_WithoutThePersonalDataKeys_RefusesToStart_NamingThem()
    {
        var (exit, output) = await HubProcess.RunToExitAsync(Arguments([.. AgencyKeys().Where(a => !a.Contains("PersonalData:LookupKey", StringComparison.Ordinal)), "--environment=Production"]));

        Assert.NotEqual(0, exit);
        Assert.Contains("Storage:PersonalData:LookupKey must be base64 of at least 32 bytes", output, StringComparison.Ordinal);
        Assert.Contains("Personal data is stored encrypted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Product_InProduction_WithoutCredentials_StartsSaysSo_AndRefusesTheDemoKey()
    {
        // Credentials towards the agencies, none for callers.
        using var hub = await HubProcess.StartAsync(_data, ["--environment=Production", .. AgencyKeys()]);
        using var client = TestCredentials.Client(hub.BaseAddress, DemoInitiativeKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"api/v1/attests/{Guid.NewGuid()}")).StatusCode);
        await NumberedAttests.WaitUntilAsync(
            () => Task.FromResult(hub.Output.Any(line => line.Contains("No credentials are configured", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the start-up warning that no credentials are configured");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // best effort: temp files (or never created)
        }
    }

    /// <summary>An https address and a credential towards each agency, which the product needs outside Development.</summary>
    private static IEnumerable<string> AgencyKeys() =>
        new[] { "rva", "mutualiteit", "ocmw", "dimona", "vdab" }
            .SelectMany(k => new[] { $"--Destinations:{k}:BaseUrl=https://{k}.agency.invalid/", $"--Destinations:{k}:Authentication:ApiKey=key-for-{k}" })
            .Concat(TestPersonalData.Settings()); // and the keys that seal personal data, which the product also needs

    private string[] Arguments(params string[] extra) =>
        [$"--urls=http://127.0.0.1:{FreePorts.Next()}", $"--Storage:DataDirectory={_data}", "--Logging:LogLevel:Default=Warning", .. extra];
}
