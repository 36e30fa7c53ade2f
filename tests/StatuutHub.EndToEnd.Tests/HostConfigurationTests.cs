using StatuutHub.Agencies.Simulator;
using StatuutHub.Tests.Shared;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>The hub as an operator starts it: the address from ASPNETCORE_URLS is honoured over the built-in default.</summary>
public sealed class HostConfigurationTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "statuut-config-" + Guid.NewGuid().ToString("N"));
    private AgencySimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await AgencySimulator.StartAsync(HubSettings.Secrets());

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task AspNetCoreUrls_FromTheEnvironment_IsWhereTheHubListens()
    {
        using var hub = await HubProcess.StartAsync(_data, HubSettings.For(_simulator, TimeSpan.FromSeconds(30)), urlFromEnvironment: true);
        using var client = new HttpClient { BaseAddress = hub.BaseAddress };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("health/ready")).StatusCode);
    }
}
