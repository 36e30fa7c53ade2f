using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StatuutHub.Broker.Local;

/// <summary>The hub's one connection to a local AMQP 1.0 broker (<see cref="AmqpTransport"/>), opened when first needed and
/// again after it broke: one session, a sender link per queue shared by every send, and receiver links for the consumers.</summary>
public sealed class BrokerConnection(IOptions<BrokerOptions> options, ILogger<BrokerConnection> logger) : IAsyncDisposable
{
    /// <summary>AMQP terminus durability "unsettled-state": RabbitMQ's AMQP 1.0 plugin then declares the queue durable (a
    /// non-durable one loses every message when the broker stops).</summary>
    private const uint DurableTerminus = 2;

    private readonly BrokerOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, SenderLink> _senders = new(StringComparer.Ordinal);
    private Connection? _connection;
    private Session? _session;

    /// <summary>The options it was made with.</summary>
    public BrokerOptions Options => _options;

    /// <summary>The shared sender link to <paramref name="address"/>, attached when first asked for.</summary>
    public async Task<SenderLink> SenderAsync(string address, CancellationToken ct)
    {
        if (_senders.TryGetValue(address, out var sender) && !sender.IsClosed)
        {
            return sender;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_senders.TryGetValue(address, out sender) && !sender.IsClosed)
            {
                return sender;
            }

            var session = await SessionAsync(ct);
            // A durable terminus: a local broker declares the queue durable, so what it confirmed survives its crash.
            sender = new SenderLink(session, $"statuut-send-{Guid.NewGuid():N}", new Target { Address = address, Durable = DurableTerminus }, null);
            _senders[address] = sender;
            return sender;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new receiver link from <paramref name="address"/>, unsettled until the caller settles each message (peek-lock),
    /// holding at most <see cref="BrokerOptions.ReceiveCredit"/> messages. The caller closes it.</summary>
    public async Task<ReceiverLink> ReceiverAsync(string address, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var session = await SessionAsync(ct);
            var receiver = new ReceiverLink(session, $"statuut-receive-{Guid.NewGuid():N}", new Source { Address = address, Durable = DurableTerminus }, null);
            receiver.SetCredit(_options.ReceiveCredit, autoRestore: true);
            return receiver;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="address"/> and waits until the broker accepted it.</summary>
    /// <exception cref="BrokerUnavailableException">The broker could not be reached or did not confirm in time.</exception>
    /// <exception cref="AmqpException">The broker refused the message (rejected).</exception>
    public async Task SendAsync(string address, Message message, CancellationToken ct)
    {
        Connection? used = null;
        try
        {
            var sender = await SenderAsync(address, ct);
            used = sender.Session.Connection;
            await sender.SendAsync(message, _options.OperationTimeout).WaitAsync(ct);
        }
        catch (Exception ex) when (IsBrokenLink(ex))
        {
            Broken(used, ex);
            throw new BrokerUnavailableException($"broker unavailable: {ex.Message}", ex);
        }
    }

    /// <summary>Forgets a connection that failed, so the next call opens a new one. Without the failed connection in hand (the
    /// failure came before a link existed), only a connection that is closed already is forgotten: a healthy one stays in use.</summary>
    public void Broken(Connection? connection, Exception why)
    {
        if (connection is not null ? !ReferenceEquals(connection, _connection) : _connection is { IsClosed: false })
        {
            return; // already replaced, or still fine
        }

        logger.LogWarning("Connection to the broker {Host} lost ({Reason}); the next use opens a new one", _options.Host, why.Message);
        var old = Interlocked.Exchange(ref _connection, null);
        _session = null;
        _senders.Clear();
        old?.CloseAsync(TimeSpan.Zero, null).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>True for the failures that mean the connection or link is gone or did not answer (retry on a new one).</summary>
    public static bool IsBrokenLink(Exception ex) => ex is AmqpException { Error.Condition: var c } && !IsRefusal(c)
        || ex is TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException or IOException or InvalidOperationException;

    /// <summary>True for the conditions by which a broker refuses a message itself (permanent).</summary>
    public static bool IsRefusal(Amqp.Types.Symbol? condition) =>
        condition is not null && (condition == ErrorCode.DecodeError || condition == ErrorCode.MessageSizeExceeded || condition == ErrorCode.UnauthorizedAccess || condition == ErrorCode.NotAllowed || condition == ErrorCode.InvalidField);

    private async Task<Session> SessionAsync(CancellationToken ct)
    {
        if (_connection is { IsClosed: false } && _session is { IsClosed: false } open)
        {
            return open;
        }

        if (_connection is not null)
        {
            Broken(_connection, new InvalidOperationException("the connection or its session closed"));
        }

        var factory = new ConnectionFactory();
        factory.AMQP.ContainerId = $"statuut-hub-{Environment.MachineName}-{Environment.ProcessId}";
        var address = new Address(_options.Host, _options.EffectivePort, _options.UserName, _options.Password, "/", _options.UseTls ? "AMQPS" : "AMQP");
        var connection = await factory.CreateAsync(address, ct, null);
        connection.AddClosedCallback((_, error) => logger.LogInformation("Broker connection closed: {Error}", error?.Description ?? "normally"));
        _connection = connection;
        _session = new Session(connection);
        logger.LogInformation("Connected to the broker {Host}:{Port}", _options.Host, _options.EffectivePort);
        return _session;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            await connection.CloseAsync(TimeSpan.FromSeconds(2), null).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _gate.Dispose();
    }
}
