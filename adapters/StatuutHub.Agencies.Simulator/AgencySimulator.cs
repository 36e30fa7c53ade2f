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
    /// <paramref name="firstPort"/> 0 picks free ports, otherwise firstPort..firstPort+4; <paramref name="required"/> says
    /// what each agency demands of the hub (default: <see cref="AgencyCredentials.Demo"/>); with a
    /// <paramref name="serverCertificate"/> they listen on HTTPS; with a <paramref name="stateDirectory"/> they journal what
    /// they received and decided there, and take it back when started again on it.</summary>
    public static async Task<AgencySimulator> StartAsync(IReadOnlyDictionary<DestinationKind, string> ackSecrets, int firstPort = 0,
        Func<DestinationKind, AgencyCredentials>? required = null, System.Security.Cryptography.X509Certificates.X509Certificate2? serverCertificate = null,
        string? stateDirectory = null)
    {
        required ??= AgencyCredentials.Demo;
        if (stateDirectory is not null)
        {
            Directory.CreateDirectory(stateDirectory);
        }

        var schemas = await DestinationMessageSchemas.LoadAsync();
        var decisions = new DecisionSender(kind => ackSecrets[kind]);
        var agencies = new Dictionary<DestinationKind, SimulatedAgency>();
        var offset = 0;
        foreach (var kind in Enum.GetValues<DestinationKind>())
        {
            var journal = stateDirectory is null ? null : AgencyJournal.Open(Path.Combine(stateDirectory, $"{Destination.KindName(kind)}.jsonl"));
            agencies[kind] = new SimulatedAgency(kind, schemas, decisions, firstPort == 0 ? 0 : firstPort + offset++, required(kind), serverCertificate, journal);
        }

        decisions.Taken = d => agencies[d.Agency].Posted(d.MessageId);
        foreach (var agency in agencies.Values)
        {
            agency.Restore();
        }

        return new AgencySimulator(agencies, decisions);
    }

    /// <summary>The hub's base address, for posting decisions back.</summary>
    public Uri? HubBaseUrl
    {
        get => _decisions.HubBaseUrls.Count == 0 ? null : _decisions.HubBaseUrls[0];
        set => _decisions.HubBaseUrls = value is null ? [] : [value];
    }

    /// <summary>Several hub processes on one database: decisions go to the first that answers, starting with the one that answered last.</summary>
    public IReadOnlyList<Uri> HubBaseUrls
    {
        get => _decisions.HubBaseUrls;
        set => _decisions.HubBaseUrls = value;
    }

    /// <summary>Decisions scheduled but not yet accepted by the hub.</summary>
    public int PendingDecisions => _decisions.Pending;

    /// <summary>One agency, to inspect or to inject faults.</summary>
    public SimulatedAgency this[DestinationKind kind] => _agencies[kind];

    /// <summary>All five.</summary>
    public IEnumerable<SimulatedAgency> Agencies => _agencies.Values;

    /// <summary>The hub's settings for every agency: its address and the credential it demands (<c>Destinations:…</c>).</summary>
    public IEnumerable<KeyValuePair<string, string?>> HubSettings() => _agencies.SelectMany(a => HubSettings(a.Key, a.Value.BaseUrl, a.Value.Gate.Required));

    /// <summary>The hub's settings for demo agencies that run in another process, at <paramref name="firstPort"/>..+4 on loopback.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> DemoHubSettings(int firstPort) => Enum.GetValues<DestinationKind>()
        .SelectMany((kind, i) => HubSettings(kind, new Uri($"http://127.0.0.1:{firstPort + i}/"), AgencyCredentials.Demo(kind)));

    private static IEnumerable<KeyValuePair<string, string?>> HubSettings(DestinationKind kind, Uri baseUrl, AgencyCredentials required) =>
        required.HubSettings(kind, baseUrl).Prepend(new($"Destinations:{Destination.KindName(kind)}:BaseUrl", baseUrl.ToString()));

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
