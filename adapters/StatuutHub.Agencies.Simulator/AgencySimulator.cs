using StatuutHub.Domain.Routing;
using StatuutHub.Agencies.Simulator.Contracts;

namespace StatuutHub.Agencies.Simulator;

/// <summary>The five mocked agencies (RVA, mutualiteiten, OCMW, Dimona, VDAB), each on its own loopback
/// port. Used by the tests, by the benchmark, and by the hub's demo mode so a newcomer can watch
/// an attest become Recognised.</summary>
public sealed class AgencySimulator : IAsyncDisposable
{
    private readonly Dictionary<DestinationKind, SimulatedAgency> _agencies;
    private readonly DecisionSender _decisions;

    private AgencySimulator(Dictionary<DestinationKind, SimulatedAgency> agencies, DecisionSender decisions)
    {
        _agencies = agencies;
        _decisions = decisions;
    }

    /// <summary>Starts the five agencies. <paramref name="ackSecrets"/> gives each agency's key for the hub's ack endpoint;
    /// <paramref name="firstPort"/> 0 picks free ports, otherwise firstPort..firstPort+4.</summary>
    public static async Task<AgencySimulator> StartAsync(IReadOnlyDictionary<DestinationKind, string> ackSecrets, int firstPort = 0)
    {
        var schemas = await DestinationMessageSchemas.LoadAsync();
        var decisions = new DecisionSender(kind => ackSecrets[kind]);
        var agencies = new Dictionary<DestinationKind, SimulatedAgency>();
        var offset = 0;
        foreach (var kind in Enum.GetValues<DestinationKind>())
        {
            agencies[kind] = new SimulatedAgency(kind, schemas, decisions, firstPort == 0 ? 0 : firstPort + offset++);
        }

        return new AgencySimulator(agencies, decisions);
    }

    /// <summary>The hub's base address, for posting decisions back.</summary>
    public Uri? HubBaseUrl
    {
        get => _decisions.HubBaseUrl;
        set => _decisions.HubBaseUrl = value;
    }

    /// <summary>Decisions scheduled but not yet accepted by the hub.</summary>
    public int PendingDecisions => _decisions.Pending;

    /// <summary>One agency, to inspect or to inject faults.</summary>
    public SimulatedAgency this[DestinationKind kind] => _agencies[kind];

    /// <summary>All five.</summary>
    public IEnumerable<SimulatedAgency> Agencies => _agencies.Values;

    /// <summary>Sets the same latency and decision delay on every agency.</summary>
    public void Configure(TimeSpan latency, TimeSpan decisionDelay)
    {
        foreach (var agency in _agencies.Values)
        {
            agency.Latency = latency;
            agency.DecisionDelay = decisionDelay;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _decisions.DisposeAsync();
        foreach (var agency in _agencies.Values)
        {
            agency.Dispose();
        }
    }
}
