using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace StatuutHub.Tests.Shared.Broker;

/// <summary>One queue (an entity) of the <see cref="ServiceBusEndpoint"/>, with Service Bus's rules: a message is delivered under a lock
/// (peek-lock) for <see cref="LockDuration"/>; completed it goes, abandoned or with its lock run out it comes back with one more
/// delivery, and after <see cref="MaxDeliveryCount"/> deliveries it goes to the dead letters; a message whose id was sent within
/// <see cref="DuplicateWindow"/> is taken and dropped (duplicate detection); with sessions, one receiver holds one session
/// (the messages of one <c>group-id</c>) and gets them in order.</summary>
public sealed class ServiceBusEntity(string name, TimeProvider time, TimeSpan lockDuration, TimeSpan duplicateWindow, bool requiresSession, int maxDeliveryCount) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Stored> _messages = [];
    private readonly Dictionary<string, DateTimeOffset> _seenIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _sessionHolders = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _arrived = new(0);
    private long _sequence;

    public string Name => name;

    public bool RequiresSession => requiresSession;

    public TimeSpan LockDuration => lockDuration;

    public TimeSpan DuplicateWindow => duplicateWindow;

    public int MaxDeliveryCount => maxDeliveryCount;

    /// <summary>Where dead letters go (its own queue, <c>{name}/$DeadLetterQueue</c>); null for a dead-letter queue itself.</summary>
    public ServiceBusEntity? DeadLetters { get; init; }

    /// <summary>Messages waiting or locked.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>Messages dropped as duplicates.</summary>
    public int DuplicatesDropped { get; private set; }

    /// <summary>Takes a sent message: stored with its sequence number and enqueued time, unless its id is a duplicate.</summary>
    public void Enqueue(Message message)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (message.Properties?.MessageId is { } id)
            {
                foreach (var old in _seenIds.Where(s => now - s.Value > duplicateWindow).Select(s => s.Key).ToList())
                {
                    _seenIds.Remove(old);
                }

                if (_seenIds.ContainsKey(id))
                {
                    DuplicatesDropped++;
                    return;
                }

                _seenIds[id] = now;
            }

            _messages.Add(new Stored(Bytes(message.Encode()), ++_sequence, now, message.Properties?.GroupId));
        }

        _arrived.Release();
    }

    /// <summary>Puts a message on this queue as it comes from another one (a dead letter), without duplicate detection.</summary>
    public void EnqueueDeadLetter(byte[] encoded, string source, string reason, string description)
    {
        var message = Message.Decode(new ByteBuffer(encoded, 0, encoded.Length, encoded.Length));
        message.ApplicationProperties ??= new ApplicationProperties();
        message.ApplicationProperties["DeadLetterReason"] = reason;
        message.ApplicationProperties["DeadLetterErrorDescription"] = description;
        message.MessageAnnotations ??= new MessageAnnotations();
        message.MessageAnnotations[new Symbol("x-opt-deadletter-source")] = source;
        lock (_gate)
        {
            _messages.Add(new Stored(Bytes(message.Encode()), ++_sequence, time.GetUtcNow(), message.Properties?.GroupId));
        }

        _arrived.Release();
    }

    /// <summary>Claims a session for <paramref name="holder"/>: the one asked for, or (null) the first with a message nobody holds.
    /// Null when there is none.</summary>
    public string? AcceptSession(string? wanted, object holder)
    {
        lock (_gate)
        {
            var session = wanted ?? _messages.Select(m => m.SessionId).FirstOrDefault(s => s is not null && !_sessionHolders.ContainsKey(s));
            if (session is null || (_sessionHolders.TryGetValue(session, out var other) && other != holder))
            {
                return null;
            }

            _sessionHolders[session] = holder;
            return session;
        }
    }

    /// <summary>Lets go of every session <paramref name="holder"/> held.</summary>
    public void ReleaseSessions(object holder)
    {
        lock (_gate)
        {
            foreach (var session in _sessionHolders.Where(h => h.Value == holder).Select(h => h.Key).ToList())
            {
                _sessionHolders.Remove(session);
            }
        }
    }

    /// <summary>The next message for a receiver (of <paramref name="session"/>, if it holds one), locked and annotated as Service Bus
    /// delivers it; waits until there is one.</summary>
    public async Task<Message> NextAsync(string? session, CancellationToken ct)
    {
        while (true)
        {
            if (TryLockNext(session) is { } message)
            {
                return message;
            }

            // Wake at the latest when the earliest lock runs out, so an expired lock puts its message back.
            await _arrived.WaitAsync(lockDuration, ct);
        }
    }

    /// <summary>Settles the message locked under <paramref name="lockToken"/>: false when the lock ran out (or is unknown).</summary>
    public bool Settle(Guid lockToken, Outcome outcome, string? reason = null, string? description = null)
    {
        Stored? deadLetter = null;
        lock (_gate)
        {
            ReturnExpiredLocks();
            var index = _messages.FindIndex(m => m.LockToken == lockToken);
            if (index < 0)
            {
                return false;
            }

            var stored = _messages[index];
            switch (outcome)
            {
                case Outcome.Complete:
                    _messages.RemoveAt(index);
                    break;
                case Outcome.DeadLetter:
                    _messages.RemoveAt(index);
                    deadLetter = stored;
                    break;
                default:
                    _messages[index] = stored with { LockToken = null, LockedUntil = null };
                    if (stored.Deliveries >= maxDeliveryCount)
                    {
                        _messages.RemoveAt(index);
                        deadLetter = stored;
                        reason = "MaxDeliveryCountExceeded";
                        description = $"Message could not be consumed after {stored.Deliveries} delivery attempts.";
                    }

                    break;
            }
        }

        if (deadLetter is not null)
        {
            DeadLetters?.EnqueueDeadLetter(deadLetter.Encoded, name, reason ?? string.Empty, description ?? string.Empty);
        }
        else
        {
            _arrived.Release();
        }

        return true;
    }

    /// <summary>Extends the lock of each token still held; the new expiry per token (null: lost).</summary>
    public DateTimeOffset?[] RenewLocks(IEnumerable<Guid> lockTokens)
    {
        lock (_gate)
        {
            ReturnExpiredLocks();
            return [.. lockTokens.Select(token =>
            {
                var index = _messages.FindIndex(m => m.LockToken == token);
                if (index < 0)
                {
                    return (DateTimeOffset?)null;
                }

                var until = time.GetUtcNow() + lockDuration;
                _messages[index] = _messages[index] with { LockedUntil = until };
                return until;
            })];
        }
    }

    private Message? TryLockNext(string? session)
    {
        lock (_gate)
        {
            ReturnExpiredLocks();
            var index = _messages.FindIndex(m => m.LockToken is null && (!requiresSession || m.SessionId == session));
            if (index < 0)
            {
                return null;
            }

            var token = Guid.NewGuid();
            var until = time.GetUtcNow() + lockDuration;
            var stored = _messages[index] = _messages[index] with { LockToken = token, LockedUntil = until, Deliveries = _messages[index].Deliveries + 1 };
            var message = Message.Decode(new ByteBuffer(stored.Encoded, 0, stored.Encoded.Length, stored.Encoded.Length));
            message.Header ??= new Header();
            message.Header.DeliveryCount = (uint)(stored.Deliveries - 1);
            message.MessageAnnotations ??= new MessageAnnotations();
            message.MessageAnnotations[new Symbol(LockTokenAnnotation)] = token;
            message.MessageAnnotations[new Symbol("x-opt-locked-until")] = until.UtcDateTime;
            message.MessageAnnotations[new Symbol("x-opt-sequence-number")] = stored.Sequence;
            message.MessageAnnotations[new Symbol("x-opt-enqueued-time")] = stored.EnqueuedAt.UtcDateTime;
            return message;
        }
    }

    /// <summary>A message whose lock ran out is available again; its delivery stays counted.</summary>
    private void ReturnExpiredLocks()
    {
        var now = time.GetUtcNow();
        for (var i = 0; i < _messages.Count; i++)
        {
            if (_messages[i].LockedUntil is { } until && until <= now)
            {
                _messages[i] = _messages[i] with { LockToken = null, LockedUntil = null };
            }
        }
    }

    public void Dispose() => _arrived.Dispose();

    private static byte[] Bytes(ByteBuffer buffer) => buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();

    /// <summary>The annotation the endpoint puts the lock token in; its connections send it as the delivery tag (see <see cref="ServiceBusEndpoint"/>).</summary>
    public const string LockTokenAnnotation = "x-opt-lock-token";

    /// <summary>How a receiver settled a message.</summary>
    public enum Outcome
    {
        Complete,
        Abandon,
        DeadLetter,
    }

    private sealed record Stored(byte[] Encoded, long Sequence, DateTimeOffset EnqueuedAt, string? SessionId)
    {
        public Guid? LockToken { get; init; }

        public DateTimeOffset? LockedUntil { get; init; }

        public int Deliveries { get; init; }
    }
}
