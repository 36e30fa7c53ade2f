using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using StatuutHub.Domain.Routing;
using StatuutHub.Agencies.Simulator.Contracts;
using WireMock;
using WireMock.Models;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace StatuutHub.Agencies.Simulator;

/// <summary>One mocked agency on its own WireMock server: checks each message against the agency's
/// schema, de-duplicates by message id, answers with a receipt (or, for Dimona, a declaration id),
/// and later posts its decision back to the hub. Faults can be injected, as a real agency has them.</summary>
public sealed class SimulatedAgency : IDisposable
{
    private readonly DestinationMessageSchemas _schemas;
    private readonly DecisionSender _decisions;
    private readonly ConcurrentDictionary<Guid, ReceivedMessage> _received = new();
    private readonly ConcurrentQueue<FaultKind> _faults = new();
    private int _unsealed;
    private readonly ConcurrentDictionary<Guid, (PendingDecision Decision, DateTimeOffset At)> _decided = new();
    private readonly AgencyJournal? _journal;
    private readonly WireMockServer _server;
    private int _duplicates;
    private int _invalid;
    private int _faulted;
    private int _queries;
    private long _sequence;
    private long _arrivals;
    private volatile bool _down;

    internal SimulatedAgency(DestinationKind kind, DestinationMessageSchemas schemas, DecisionSender decisions, int port, AgencyCredentials required, X509Certificate2? serverCertificate, AgencyJournal? journal = null)
    {
        Kind = kind;
        _schemas = schemas;
        _decisions = decisions;
        _journal = journal;
        Gate = new AgencyGate(required);
        var settings = new WireMockServerSettings { Port = port, StartAdminInterface = false };
        if (serverCertificate is not null)
        {
            // HTTPS, asking for a client certificate; the gate decides whether it is the registered one.
            settings.UseSSL = true;
            settings.CertificateSettings = new WireMockCertificateSettings { X509Certificate = serverCertificate };
            settings.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            settings.AcceptAnyClientCertificate = true;
        }

        _server = WireMockServer.Start(settings);
        _server.Given(Request.Create().WithPath(PathPattern).UsingPost())
            .RespondWith(Response.Create().WithCallback(Handle));
        _server.Given(Request.Create().WithPath("/decisions/*").UsingGet())
            .RespondWith(Response.Create().WithCallback(AnswerQuery));
        _server.Given(Request.Create().WithPath(AgencyGate.TokenPath).UsingPost())
            .RespondWith(Response.Create().WithCallback(Gate.IssueToken));
    }

    /// <summary>What the agency demands of the hub, and the tokens it handed out.</summary>
    public AgencyGate Gate { get; }

    /// <summary>Fault mode: the agency decides but never posts its decision (a lost callback); it still answers a decision query.</summary>
    public bool ForgetsCallbacks { get; set; }

    /// <summary>Fault mode: the agency loses every message it received and every decision it made (a restart without its
    /// store); asked about one, it answers that it does not know it.</summary>
    public void ForgetEverything()
    {
        _received.Clear();
        _decided.Clear();
    }

    /// <summary>Decision queries answered.</summary>
    public int Queries => Volatile.Read(ref _queries);

    /// <summary>Which agency this is.</summary>
    public DestinationKind Kind { get; }

    /// <summary>Where the hub must send to.</summary>
    public Uri BaseUrl => new(_server.Urls[0] + "/");

    /// <summary>Fixed latency added to every answer (the "agency at 5 ms" of the benchmarks).</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Delay between the receipt and the posted decision.</summary>
    public TimeSpan DecisionDelay { get; set; }

    /// <summary>Decides a message: null approves, a value refuses with that code and reason.</summary>
    public Func<ReceivedMessage, (string Code, string Reason)?> Refusal { get; set; } = _ => null;

    /// <summary>What an injected <see cref="FaultKind.BadRequest"/> answers (a real agency's refusal may quote the person).</summary>
    public string BadRequestBody { get; set; } = "refused as malformed (simulated)";

    /// <summary>Dimona only: the result the RSZ posts later for a declaration it does not refuse.</summary>
    public Func<ReceivedMessage, DimonaOutcome> DimonaOutcome { get; set; } = _ => Simulator.DimonaOutcome.Accepted;

    /// <summary>Each distinct message accepted, by message id.</summary>
    public IReadOnlyDictionary<Guid, ReceivedMessage> Received => _received;

    /// <summary>Requests with a message id that had already been accepted (answered the same, not processed again).</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Requests refused because they did not match the agency's schema.</summary>
    public int Invalid => Volatile.Read(ref _invalid);

    /// <summary>Requests answered with an injected fault.</summary>
    public int Faulted => Volatile.Read(ref _faulted);

    /// <summary>Messages on its queue refused for a missing or wrong seal of the hub.</summary>
    public int Unsealed => Volatile.Read(ref _unsealed);

    internal void CountUnsealed() => Interlocked.Increment(ref _unsealed);

    /// <summary>The next <paramref name="count"/> requests get <paramref name="fault"/>.</summary>
    public void InjectFaults(FaultKind fault, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Answer 503 to everything until <see cref="Up"/>.</summary>
    public void Down() => _down = true;

    /// <summary>Back to normal.</summary>
    public void Up() => _down = false;

    private string PathPattern => Kind switch
    {
        DestinationKind.Rva => "/rva/ama-notifications",
        DestinationKind.Mutualiteit => "/mutualiteiten/*/ama-requests",
        DestinationKind.Ocmw => "/ocmw/*/ama-notifications",
        DestinationKind.Vdab => "/vdab/ama-requests",
        _ => "/dimona/declarations",
    };

    private ResponseMessage Handle(IRequestMessage request)
    {
        if (Latency > TimeSpan.Zero)
        {
            Thread.Sleep(Latency); // WireMock callbacks are synchronous; this is the agency's own latency
        }

        if (_down)
        {
            Interlocked.Increment(ref _faulted);
            return Answer(HttpStatusCode.ServiceUnavailable, "text/plain", "agency down (simulated)");
        }

        if (Gate.Check(request) is { } refused)
        {
            return refused;
        }

        if (_faults.TryDequeue(out var fault))
        {
            Interlocked.Increment(ref _faulted);
            switch (fault)
            {
                case FaultKind.ServerError:
                    return Answer(HttpStatusCode.InternalServerError, "text/plain", "internal error (simulated)");
                case FaultKind.Timeout:
                    Thread.Sleep(TimeSpan.FromSeconds(5));
                    return Answer(HttpStatusCode.GatewayTimeout, "text/plain", "too late (simulated)");
                case FaultKind.Malformed:
                    return Answer(HttpStatusCode.OK, "application/json", "{ this is not an answer");
                case FaultKind.BadRequest:
                    return Answer(HttpStatusCode.BadRequest, "text/plain", BadRequestBody);
            }
        }

        var (stored, problems) = Take(request.Body ?? string.Empty, request.Path);
        if (stored is null)
        {
            return Answer(HttpStatusCode.BadRequest, "application/json", JsonSerializer.Serialize(problems.Select(p => new { p.Path, p.Code, p.MessageEn })));
        }

        XNamespace Xml() => DestinationMessageSchemas.XmlNamespaceOf(Kind);
        return Kind switch
        {
            // The RSZ answers with a ticket now and posts the result later.
            DestinationKind.Dimona => Answer(HttpStatusCode.Accepted, "application/xml",
                new XElement(Xml() + "dimonaReceipt", new XElement(Xml() + "messageId", stored.MessageId), new XElement(Xml() + "ticket", $"T{stored.Reference}")).ToString(SaveOptions.DisableFormatting)),
            DestinationKind.Rva => Answer(HttpStatusCode.Accepted, "application/xml",
                new XElement(Xml() + "amaReceipt", new XElement(Xml() + "messageId", stored.MessageId), new XElement(Xml() + "receiptId", stored.Reference)).ToString(SaveOptions.DisableFormatting)),
            _ => Answer(HttpStatusCode.Accepted, "application/json", JsonSerializer.Serialize(new { receiptId = stored.Reference })),
        };
    }

    /// <summary>What the agency does with a message, whichever way it came (HTTP or its queue): checks it against its schema,
    /// keeps it once per message id (a duplicate is counted, not processed again), journals it and decides it.</summary>
    internal (ReceivedMessage? Stored, IReadOnlyList<StatuutHub.Validation.Problems.ValidationProblem> Problems) Take(string body, string path)
    {
        var problems = _schemas.Validate(Kind, body);
        if (problems.Count > 0)
        {
            Interlocked.Increment(ref _invalid);
            return (null, problems);
        }

        var message = ReceivedMessage.Read(Kind, body, path);
        var candidate = message with { Reference = Kind == DestinationKind.Vdab ? $"VDAB-AMA-{NewReference()}" : NewReference(), Arrival = Interlocked.Increment(ref _arrivals) };
        var stored = _received.GetOrAdd(message.MessageId, candidate);
        if (!ReferenceEquals(stored, candidate))
        {
            Interlocked.Increment(ref _duplicates);
            return (stored, problems);
        }

        _journal?.Append(new JournalEntry(JournalEntry.ReceivedEvent, stored.MessageId) { Received = stored });
        var refusal = Refusal(stored);
        if (Kind == DestinationKind.Dimona)
        {
            ScheduleDimonaResult(stored, refusal);
        }
        else
        {
            Decide(new PendingDecision(Kind, stored.MessageId, refusal is null, refusal?.Code, refusal?.Reason, stored.Reference), DecisionDelay);
        }

        return (stored, problems);
    }

    /// <summary>The agency decides: the decision is kept (answered to a decision query once its time has come) and posted to
    /// the hub after <paramref name="delay"/>, unless the agency forgets its callbacks.</summary>
    private void Decide(PendingDecision decision, TimeSpan delay)
    {
        var final = decision;
        var at = DateTimeOffset.UtcNow + delay;
        while (final.Then is { } next)
        {
            at += final.ThenAfter;
            final = next;
        }

        _decided[decision.MessageId] = (final, at);
        _journal?.Append(new JournalEntry(JournalEntry.DecidedEvent, decision.MessageId) { Decision = decision, Final = final, PostAt = DateTimeOffset.UtcNow + delay, DecidedAt = at });
        if (!ForgetsCallbacks)
        {
            _decisions.Schedule(decision, delay);
        }
    }

    /// <summary>The hub took the decision about this message (journaled, so a restart does not post it again).</summary>
    internal void Posted(Guid messageId) => _journal?.Append(new JournalEntry(JournalEntry.PostedEvent, messageId));

    /// <summary>Takes back what the journal of earlier runs holds: the messages, the decisions, and posts again each decision
    /// the hub had not yet taken (when it was due, or now).</summary>
    internal void Restore()
    {
        var unposted = new Dictionary<Guid, (PendingDecision Decision, DateTimeOffset PostAt)>();
        foreach (var entry in _journal?.Replayed ?? [])
        {
            switch (entry.Event)
            {
                case JournalEntry.ReceivedEvent when entry.Received is { } message:
                    _received[message.MessageId] = message;
                    _arrivals = Math.Max(_arrivals, message.Arrival);
                    if (long.TryParse(message.Reference?.Replace("VDAB-AMA-", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var reference))
                    {
                        _sequence = Math.Max(_sequence, reference - 100_000_000_000);
                    }

                    break;
                case JournalEntry.DecidedEvent when entry is { Decision: { } decision, Final: { } final }:
                    _decided[entry.MessageId] = (final, entry.DecidedAt);
                    unposted[entry.MessageId] = (decision, entry.PostAt);
                    break;
                case JournalEntry.PostedEvent:
                    unposted.Remove(entry.MessageId);
                    break;
            }
        }

        foreach (var (decision, postAt) in unposted.Values)
        {
            var wait = postAt - DateTimeOffset.UtcNow;
            _decisions.Schedule(decision, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }

    /// <summary><c>GET /decisions/{messageId}</c> (schemas/destinations/decision-query-v1.md): 200 with the decision in the
    /// agency's callback format once decided, 202 before, 404 for a message it never received.</summary>
    private ResponseMessage AnswerQuery(IRequestMessage request)
    {
        Interlocked.Increment(ref _queries);
        if (Gate.Check(request) is { } refused)
        {
            return refused;
        }

        if (!Guid.TryParse(request.Path.Split('/').Last(), out var messageId) || !_received.ContainsKey(messageId))
        {
            return Answer(HttpStatusCode.NotFound, "application/json", "{\"error\":\"unknown message\"}");
        }

        if (!_decided.TryGetValue(messageId, out var decided) || decided.At > DateTimeOffset.UtcNow)
        {
            return Answer(HttpStatusCode.Accepted, "application/json", "{\"status\":\"PENDING\"}");
        }

        using var content = DecisionSender.Body(decided.Decision);
        return Answer(HttpStatusCode.OK, content.Headers.ContentType!.MediaType!, content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    private void ScheduleDimonaResult(ReceivedMessage message, (string Code, string Reason)? refusal)
    {
        PendingDecision Result(string result, bool approved) =>
            new(Kind, message.MessageId, approved, refusal?.Code, refusal?.Reason, message.Reference) { DimonaResult = result };
        switch (refusal is null ? DimonaOutcome(message) : Simulator.DimonaOutcome.Refused)
        {
            case Simulator.DimonaOutcome.Refused:
                Decide(Result("REFUSED", false), DecisionDelay);
                break;
            case Simulator.DimonaOutcome.AcceptedWithAnomalies:
                Decide(Result("ACCEPTED_WITH_ANOMALIES", true), DecisionDelay);
                break;
            case Simulator.DimonaOutcome.WaitingThenAccepted:
                Decide(Result("WAITING", true) with { Then = Result("ACCEPTED", true), ThenAfter = DecisionDelay }, DecisionDelay);
                break;
            default:
                Decide(Result("ACCEPTED", true), DecisionDelay);
                break;
        }
    }

    private string NewReference() => (100_000_000_000 + Interlocked.Increment(ref _sequence)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ResponseMessage Answer(HttpStatusCode status, string contentType, string body) => new()
    {
        StatusCode = (int)status,
        Headers = new Dictionary<string, WireMockList<string>> { ["Content-Type"] = new(contentType) },
        BodyData = new BodyData { DetectedBodyType = BodyType.String, BodyAsString = body, Encoding = Encoding.UTF8 },
    };

    public void Dispose()
    {
        _server.Stop();
        _journal?.Dispose();
    }
}
