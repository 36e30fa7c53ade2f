using StatuutHub.Agencies.Simulator;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Tests;

/// <summary>Every adapter asks its agency for a decision in the common decision-query contract and reads the answer in the
/// agency's own format; the simulated agencies keep what they received and decided across a restart on the same state.</summary>
public sealed class DecisionQueryTests : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "statuut-agencies-" + Guid.NewGuid().ToString("N"));
    private AgencySimulator _simulator = null!;

    private static Dictionary<DestinationKind, string> Secrets() => Enum.GetValues<DestinationKind>().ToDictionary(k => k, k => $"secret-{k}-0123456789");

    public async Task InitializeAsync() => _simulator = await AgencySimulator.StartAsync(Secrets(), stateDirectory: _state);

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_state, recursive: true);
    }

    [Theory]
    [InlineData(DestinationKind.Rva)]
    [InlineData(DestinationKind.Mutualiteit)]
    [InlineData(DestinationKind.Ocmw)]
    [InlineData(DestinationKind.Dimona)]
    [InlineData(DestinationKind.Vdab)]
    public async Task Query_Unknown_Pending_Decided_InEachAgencysFormat(DestinationKind kind)
    {
        using var host = AdapterHost.Start(_simulator.HubSettings());
        var adapter = host.Adapter(kind);
        Assert.Equal(DecisionStatusKind.Unknown, (await adapter.QueryDecisionAsync(Guid.NewGuid(), default)).Kind);

        _simulator[kind].DecisionDelay = TimeSpan.FromHours(1);
        var message = AdapterTests.Message(kind, MessageKind.Create);
        await adapter.SendAsync(message, default);
        Assert.Equal(DecisionStatusKind.Pending, (await adapter.QueryDecisionAsync(message.MessageId, default)).Kind);

        _simulator[kind].DecisionDelay = TimeSpan.Zero;
        _simulator[kind].Refusal = _ => ("R42", "geweigerd in de test");
        var refused = AdapterTests.Message(kind, MessageKind.Create);
        await adapter.SendAsync(refused, default);
        var status = await adapter.QueryDecisionAsync(refused.MessageId, default);
        Assert.Equal(DecisionStatusKind.Decided, status.Kind);
        Assert.Equal((refused.MessageId, false), (status.Decision!.MessageId, status.Decision.Approved));
        Assert.Equal(3, _simulator[kind].Queries);
    }

    [Fact]
    public async Task TheSimulatedAgencies_KeepWhatTheyReceivedAndDecided_AcrossARestart_AndPostWhatTheyOwe()
    {
        using var host = AdapterHost.Start(_simulator.HubSettings());
        var message = AdapterTests.Message(DestinationKind.Ocmw, MessageKind.Create);
        await host.Adapter(DestinationKind.Ocmw).SendAsync(message, default);
        Assert.Equal(1, _simulator.PendingDecisions); // decided, not posted: there is no hub to post to
        await _simulator.DisposeAsync();

        _simulator = await AgencySimulator.StartAsync(Secrets(), stateDirectory: _state);
        Assert.True(_simulator[DestinationKind.Ocmw].Received.ContainsKey(message.MessageId));
        Assert.Equal(1, _simulator.PendingDecisions); // still owed to the hub
        using var again = AdapterHost.Start(_simulator.HubSettings());
        var status = await again.Adapter(DestinationKind.Ocmw).QueryDecisionAsync(message.MessageId, default);
        Assert.Equal((DecisionStatusKind.Decided, true), (status.Kind, status.Decision!.Approved));

        // Sent again, the message is a duplicate for the agency: it remembers it.
        await again.Adapter(DestinationKind.Ocmw).SendAsync(message, default);
        Assert.Equal(1, _simulator[DestinationKind.Ocmw].Duplicates);
    }
}
