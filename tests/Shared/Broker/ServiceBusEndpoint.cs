using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Handler;
using Amqp.Listener;
using Amqp.Sasl;
using Amqp.Types;

namespace StatuutHub.Tests.Shared.Broker;

/// <summary>A test endpoint that speaks the part of Azure Service Bus the hub uses, for Microsoft's client in its emulator mode
/// (<c>UseDevelopmentEmulator=true</c>: plain AMQP to a local port). Built on AMQPNetLite's listener, so the client meets an
/// AMQP implementation other than its own. It checks what the service checks: SASL with the <c>MSSBCBS</c> mechanism; on
/// <c>$cbs</c>, each shared-access token's signature (HMAC-SHA256 with the namespace's key), key name, expiry and audience, and
/// only then a link to that entity; queues with peek-lock, complete / abandon / dead-letter and the <c>$DeadLetterQueue</c>
/// sub-queue, lock renewal on the entity's <c>$management</c> node, duplicate detection by message id, and sessions
/// (<see cref="ServiceBusEntity"/>). A test double, not a product: one process, in memory, no TLS.</summary>
public sealed class ServiceBusEndpoint : IAsyncDisposable
{
    /// <summary>The SASL mechanism Microsoft's client offers: anonymous, the token follows on <c>$cbs</c>.</summary>
    private static readonly Symbol CbsMechanism = new("MSSBCBS");
    private static readonly Symbol SessionFilter = new("com.microsoft:session-filter");
    private static readonly Symbol DeadLetterCondition = new("com.microsoft:dead-letter");

    private readonly ConcurrentDictionary<string, ServiceBusEntity> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Connection, ConcurrentDictionary<string, DateTimeOffset>> _grants = new();
    private readonly TimeProvider _time;
    private ContainerHost? _host;
    private CancellationTokenSource _closing = new();

    private ServiceBusEndpoint(int port, string keyName, string key, TimeProvider time)
    {
        Port = port;
        KeyName = keyName;
        Key = key;
        _time = time;
    }

    public int Port { get; }

    public string KeyName { get; }

    public string Key { get; }

    /// <summary>What a client connects with (Microsoft's connection string, emulator mode).</summary>
    public string ConnectionString => $"Endpoint=sb://localhost:{Port};SharedAccessKeyName={KeyName};SharedAccessKey={Key};UseDevelopmentEmulator=true";

    /// <summary>Honours a token for at most this long, whatever its own expiry: a test's stand-in for a token running out, so that
    /// its renewal shows within the test. Null: until the token's expiry, as the service does.</summary>
    public TimeSpan? GrantLifetime { get; set; }

    /// <summary>Each entity a token was put for on <c>$cbs</c> and granted, in order (for the tests' assertions).</summary>
    public ConcurrentQueue<string> Grants { get; } = new();

    /// <summary>Tokens refused on <c>$cbs</c>, with why (for the tests' assertions).</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>An endpoint on a free loopback port with one shared-access key, started.</summary>
    public static ServiceBusEndpoint Start(string keyName = "RootManageSharedAccessKey", string? key = null, TimeProvider? time = null)
    {
        var endpoint = new ServiceBusEndpoint(FreePorts.Next(), keyName, key ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), time ?? TimeProvider.System);
        endpoint.Open();
        return endpoint;
    }

    /// <summary>Makes a queue (and its dead-letter queue), as an operator makes the entities of a namespace.</summary>
    public ServiceBusEntity CreateQueue(string name, bool requiresSession = false, TimeSpan? lockDuration = null, TimeSpan? duplicateWindow = null, int maxDeliveryCount = 10)
    {
        var lockFor = lockDuration ?? TimeSpan.FromSeconds(30);
        var deadLetters = new ServiceBusEntity($"{name}/$DeadLetterQueue", _time, lockFor, TimeSpan.Zero, requiresSession: false, int.MaxValue);
        var queue = new ServiceBusEntity(name, _time, lockFor, duplicateWindow ?? TimeSpan.FromMinutes(10), requiresSession, maxDeliveryCount) { DeadLetters = deadLetters };
        _queues[name] = queue;
        _queues[deadLetters.Name] = deadLetters;
        _host?.RegisterRequestProcessor($"{name}/$management", new Management(this, queue));
        return queue;
    }

    /// <summary>The queue (or dead-letter queue, <c>{name}/$DeadLetterQueue</c>) of that name.</summary>
    public ServiceBusEntity Queue(string name) => _queues[name];

    /// <summary>Stops listening and drops every connection (the queues keep their messages), as a service that went away.</summary>
    public void Stop()
    {
        if (_host is null)
        {
            return;
        }

        _closing.Cancel();
        _closing.Dispose();
        _host?.Close();
        _host = null;
        _grants.Clear();
    }

    /// <summary>Listens again on the same port, with the same queues.</summary>
    public void Restart() => Open();

    public ValueTask DisposeAsync()
    {
        Stop();
        foreach (var queue in _queues.Values)
        {
            queue.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private void Open()
    {
        _closing = new CancellationTokenSource();
        var host = new ContainerHost([new Address($"amqp://localhost:{Port}")], null);
        host.Listeners[0].SASL.EnableMechanism(CbsMechanism, SaslProfile.Anonymous);
        host.Listeners[0].HandlerFactory = _ => new LockTokenTags();
        host.RegisterRequestProcessor("$cbs", new Cbs(this));
        foreach (var queue in _queues.Values.Where(q => q.DeadLetters is not null))
        {
            host.RegisterRequestProcessor($"{queue.Name}/$management", new Management(this, queue));
        }

        host.RegisterLinkProcessor(new Links(this));
        host.Open();
        _host = host;
    }

    /// <summary>The entity a link address or token audience names: <c>amqp://host/q1</c>, <c>/q1</c> and <c>q1</c> are all <c>q1</c>.</summary>
    private static string EntityOf(string address)
    {
        var path = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps" or "sb" ? uri.AbsolutePath : address;
        return Uri.UnescapeDataString(path).Trim('/');
    }

    /// <summary>Whether the connection holds an unexpired token whose audience covers <paramref name="entity"/> (the namespace, or the
    /// entity or its parent path).</summary>
    private bool IsAuthorized(Connection connection, string entity)
    {
        var now = _time.GetUtcNow();
        return _grants.TryGetValue(connection, out var grants) && grants.Any(g => g.Value > now && (g.Key.Length == 0 || entity == g.Key || entity.StartsWith(g.Key + "/", StringComparison.Ordinal)));
    }

    /// <summary>Checks a token as Service Bus does; null when valid, else why not.</summary>
    private string? Check(string token, string audience, out DateTimeOffset expires)
    {
        expires = default;
        const string Prefix = "SharedAccessSignature ";
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return "not a shared access signature";
        }

        var fields = token[Prefix.Length..].Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("sr", out var resource) || !fields.TryGetValue("sig", out var signature) || !fields.TryGetValue("se", out var expiry) || !fields.TryGetValue("skn", out var keyName))
        {
            return "the token lacks sr, sig, se or skn";
        }

        if (keyName != KeyName)
        {
            return $"unknown key name {keyName}";
        }

        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(Key));
        var expected = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{resource}\n{expiry}")));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(Uri.UnescapeDataString(signature))))
        {
            return "the signature does not match the key";
        }

        expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture));
        if (expires <= _time.GetUtcNow())
        {
            return "the token expired";
        }

        var covered = EntityOf(Uri.UnescapeDataString(resource));
        var asked = EntityOf(audience);
        return covered.Length == 0 || asked == covered || asked.StartsWith(covered + "/", StringComparison.Ordinal) ? null : $"the token is for {covered}, not {asked}";
    }

    /// <summary>The <c>$cbs</c> node: put-token requests, answered 202 (granted) or 401.</summary>
    private sealed class Cbs(ServiceBusEndpoint endpoint) : IRequestProcessor
    {
        public int Credit => 100;

        public void Process(RequestContext ctx)
        {
            var properties = ctx.Message.ApplicationProperties;
            var audience = properties?["name"] as string ?? string.Empty;
            var why = properties?["operation"] as string != "put-token" ? "not a put-token request"
                : ctx.Message.Body is not string token ? "the token is not a string"
                : endpoint.Check(token, audience, out var expires) is { } refused ? refused
                : Grant(ctx.Link.Session.Connection, audience, expires);
            if (why is not null)
            {
                endpoint.Refusals.Enqueue(why);
            }

            ctx.Complete(new Message { ApplicationProperties = new ApplicationProperties { ["status-code"] = why is null ? 202 : 401, ["status-description"] = why ?? "Accepted" } });
        }

        private string? Grant(Connection connection, string audience, DateTimeOffset expires)
        {
            if (endpoint.GrantLifetime is { } lifetime && endpoint._time.GetUtcNow() + lifetime < expires)
            {
                expires = endpoint._time.GetUtcNow() + lifetime;
            }

            endpoint._grants.GetOrAdd(connection, _ => new(StringComparer.Ordinal))[EntityOf(audience)] = expires;
            endpoint.Grants.Enqueue(EntityOf(audience));
            return null;
        }
    }

    /// <summary>An entity's <c>$management</c> node: lock renewal.</summary>
    private sealed class Management(ServiceBusEndpoint endpoint, ServiceBusEntity queue) : IRequestProcessor
    {
        public int Credit => 100;

        public void Process(RequestContext ctx)
        {
            var operation = ctx.Message.ApplicationProperties?["operation"] as string;
            Message response;
            if (!endpoint.IsAuthorized(ctx.Link.Session.Connection, queue.Name))
            {
                response = Status(401, "no valid token for this entity");
            }
            else if (operation == "com.microsoft:renew-lock" && ctx.Message.Body is Map body && body["lock-tokens"] is Guid[] tokens)
            {
                var expirations = queue.RenewLocks(tokens);
                response = expirations.Any(e => e is null)
                    ? Status(410, "the lock was lost")
                    : Status(200, "OK", new Map { ["expirations"] = expirations.Select(e => e!.Value.UtcDateTime).ToArray() });
                if (expirations.Any(e => e is null))
                {
                    response.ApplicationProperties["errorCondition"] = new Symbol("com.microsoft:message-lock-lost");
                }
            }
            else
            {
                response = Status(501, $"operation {operation} is not part of this test endpoint");
            }

            ctx.Complete(response);
        }

        private static Message Status(int code, string description, Map? body = null) => new(body)
        {
            ApplicationProperties = new ApplicationProperties { ["statusCode"] = code, ["statusDescription"] = description },
        };
    }

    /// <summary>Links to queues: a client's sender puts messages on the queue, a client's receiver gets them under lock.</summary>
    private sealed class Links(ServiceBusEndpoint endpoint) : ILinkProcessor
    {
        public void Process(AttachContext ctx)
        {
            var attach = ctx.Attach;
            var receiving = attach.Role; // the client's link is a receiver: the endpoint sends
            var entity = EntityOf(receiving ? ((Source)attach.Source).Address : ((Target)attach.Target).Address);
            if (!endpoint._queues.TryGetValue(entity, out var queue))
            {
                ctx.Complete(new Error(ErrorCode.NotFound) { Description = $"no entity {entity}" });
                return;
            }

            if (!endpoint.IsAuthorized(ctx.Link.Session.Connection, entity))
            {
                ctx.Complete(new Error(ErrorCode.UnauthorizedAccess) { Description = $"no valid token for {entity}" });
                return;
            }

            attach.MaxMessageSize = 256 * 1024; // Service Bus standard tier; the client refuses to send without a size
            if (!receiving)
            {
                ctx.Complete(new TargetLinkEndpoint(new Intake(endpoint, queue), ctx.Link), 100);
                return;
            }

            string? session = null;
            if (queue.RequiresSession)
            {
                var source = (Source)attach.Source;
                var wanted = source.FilterSet?[SessionFilter] as string;
                session = queue.AcceptSession(wanted, ctx.Link);
                if (session is null)
                {
                    ctx.Complete(new Error(new Symbol("com.microsoft:session-cannot-be-locked")) { Description = "no session is free" });
                    return;
                }

                // The client learns which session it holds, and until when, from the endpoint's attach.
                source.FilterSet ??= new Map();
                source.FilterSet[SessionFilter] = session;
                attach.Properties ??= new Fields();
                attach.Properties[new Symbol("com.microsoft:locked-until-utc")] = endpoint._time.GetUtcNow().UtcDateTime.Add(queue.LockDuration).Ticks;
                ctx.Link.AddClosedCallback((_, _) => queue.ReleaseSessions(ctx.Link));
            }

            ctx.Complete(new SourceLinkEndpoint(new Delivery(queue, session, endpoint._closing.Token), ctx.Link), 0);
        }
    }

    /// <summary>A client's sender: each message goes on the queue, if the connection's token for the entity still holds.</summary>
    private sealed class Intake(ServiceBusEndpoint endpoint, ServiceBusEntity queue) : IMessageProcessor
    {
        public int Credit => 100;

        public void Process(MessageContext ctx)
        {
            if (!endpoint.IsAuthorized(ctx.Link.Session.Connection, queue.Name))
            {
                // As the service does when a link's token ran out: the message is refused and the link closed, so the client
                // attaches again, and puts a fresh token first.
                ctx.Complete(new Error(ErrorCode.UnauthorizedAccess) { Description = "the token for this entity expired" });
                ctx.Link.Close(TimeSpan.Zero, new Error(ErrorCode.UnauthorizedAccess) { Description = "the token for this entity expired" });
                return;
            }

            queue.Enqueue(ctx.Message);
            ctx.Complete();
        }
    }

    /// <summary>A client's receiver: locked messages, settled as the client disposes them.</summary>
    private sealed class Delivery(ServiceBusEntity queue, string? session, CancellationToken closing) : IMessageSource
    {
        public async Task<ReceiveContext> GetMessageAsync(ListenerLink link) => new(link, await queue.NextAsync(session, closing));

        public void DisposeMessage(ReceiveContext receive, DispositionContext disposition)
        {
            var token = receive.Message.MessageAnnotations?[new Symbol(ServiceBusEntity.LockTokenAnnotation)] is Guid lockToken ? lockToken : Guid.Empty;
            var settled = disposition.DeliveryState switch
            {
                Accepted => queue.Settle(token, ServiceBusEntity.Outcome.Complete),
                Rejected { Error: { } error } when DeadLetterCondition.Equals(error.Condition) =>
                    queue.Settle(token, ServiceBusEntity.Outcome.DeadLetter, error.Info?[new Symbol("DeadLetterReason")] as string, error.Info?[new Symbol("DeadLetterErrorDescription")] as string),
                _ => queue.Settle(token, ServiceBusEntity.Outcome.Abandon),
            };
            if (settled)
            {
                disposition.Complete();
            }
            else
            {
                receive.Link.DisposeMessage(receive.Message, new Rejected { Error = new Error(new Symbol("com.microsoft:message-lock-lost")) { Description = "the lock expired" } }, true);
            }
        }
    }

    /// <summary>Sends each delivery with its lock token as the delivery tag, where Microsoft's client reads it.</summary>
    private sealed class LockTokenTags : IHandler
    {
        public bool CanHandle(EventId id) => id == EventId.SendDelivery;

        public void Handle(Event protocolEvent)
        {
            var delivery = (IDelivery)protocolEvent.Context;
            if (delivery.Message?.MessageAnnotations?[new Symbol(ServiceBusEntity.LockTokenAnnotation)] is Guid token)
            {
                delivery.Tag = token.ToByteArray();
            }
        }
    }
}
