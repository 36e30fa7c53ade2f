using StatuutHub.Tests.Shared;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>The hub as an operator starts it: the address from ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS is honoured over the built-in default.</summary>
public sealed class HostConfigurationTests : SimulatedAgenciesTest
{
    [Fact]
    public async Task AspNetCoreUrls_FromTheEnvironment_IsWhereTheHubListens()
    {
        using var hub = await HubProcess.StartAsync(DataDirectory, HubSettings.For(Simulator, TimeSpan.FromSeconds(30)), urlFromEnvironment: true);
        using var client = new HttpClient { BaseAddress = hub.BaseAddress };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("health/ready")).StatusCode);
    }

    [Fact]
    public async Task AspNetCoreHttpPorts_FromTheEnvironment_IsWhereTheHubListens()
    {
        using var hub = await HubProcess.StartAsync(DataDirectory, HubSettings.For(Simulator, TimeSpan.FromSeconds(30)), urlFromEnvironment: true, portOnly: true);
        using var client = new HttpClient { BaseAddress = hub.BaseAddress };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("health/live")).StatusCode);
    }
}
