using StatuutHub.Agencies.Simulator;
using StatuutHub.Tests.Shared;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>What a hub-process test starts with: the simulated agencies in the test process (answering in
/// 2 ms, deciding at once) and a data directory that is removed afterwards.</summary>
public abstract class SimulatedAgenciesTest : IAsyncLifetime
{
    protected string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "statuut-e2e-" + Guid.NewGuid().ToString("N"));

    protected AgencySimulator Simulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Simulator = await AgencySimulator.StartAsync(HubSettings.Secrets());
        Simulator.Configure(latency: TimeSpan.FromMilliseconds(2), decisionDelay: TimeSpan.Zero);
    }

    public async Task DisposeAsync()
    {
        await Simulator.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: temp files
        }
    }
}
