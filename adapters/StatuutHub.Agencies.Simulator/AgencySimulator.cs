using StatuutHub.Broker;
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
    private readonly List<(DestinationKind Kind, AgencyQueue Consumer)> _queues = [];
    private IBrokerTransport? _broker;
    private string? _queuePrefix;
    private string? _decisionsQueue;

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

    /// <summary>The hub's settings for every agency: its address and the credential it demands (<c>Destinations:…</c>); for an
    /// agency on the broker also its transport and the key that seals its decisions.</summary>
    public IEnumerable<KeyValuePair<string, string?>> HubSettings() => _agencies.SelectMany(a => HubSettings(a.Key, a.Value.BaseUrl, a.Value.Gate.Required))
        .Concat(QueueHubSettings());

    /// <summary>Puts these agencies on the broker: each reads its queue (<c>{queuePrefix}.{kind}</c>) instead of taking HTTP posts,
    /// and answers on <paramref name="broker"/>'s decisions queue, sealed with <see cref="AgencyCredentials.DemoDecisionKey"/>.</summary>
    public async Task UseQueuesAsync(BrokerOptions broker, string queuePrefix, params DestinationKind[] kinds)
    {
        _broker ??= BrokerTransports.Create(broker, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        _decisionsQueue = broker.DecisionsQueue;
        foreach (var kind in kinds)
        {
            var consumer = new AgencyQueue(_agencies[kind], QueueOf(queuePrefix, kind), _broker, broker, AgencyCredentials.DemoDecisionKey(kind));
            await consumer.StartAsync(CancellationToken.None);
            _queues.Add((kind, consumer));
            _decisions.Queues[kind] = new DecisionQueue(_broker, broker.DecisionsQueue, AgencyCredentials.DemoDecisionKey(kind));
        }

        _queuePrefix = queuePrefix;
    }

    /// <summary>The queue an agency on the broker reads.</summary>
    public static string QueueOf(string queuePrefix, DestinationKind kind) => $"{queuePrefix}.{Destination.KindName(kind)}";

    /// <summary>The hub's settings for the agencies on the broker: their transport and queue, the decisions queue, and the keys that
    /// seal their decisions.</summary>
    private IEnumerable<KeyValuePair<string, string?>> QueueHubSettings() => _queues.Count == 0 ? [] : _queues.SelectMany(q => new KeyValuePair<string, string?>[]
    {
        new($"Destinations:{Destination.KindName(q.Kind)}:Transport", "Amqp"),
        new($"Destinations:{Destination.KindName(q.Kind)}:Queue:Name", QueueOf(_queuePrefix!, q.Kind)),
        new($"Broker:DecisionKeys:{Destination.KindName(q.Kind)}", AgencyCredentials.DemoDecisionKey(q.Kind)),
    }).Append(new("Broker:DecisionsQueue", _decisionsQueue));

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
        foreach (var (_, queue) in _queues)
        {
            await queue.StopAsync(CancellationToken.None);
            queue.Dispose();
        }

        await _decisions.DisposeAsync();
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        foreach (var agency in _agencies.Values)
        {
            agency.Dispose();
        }
    }
}
