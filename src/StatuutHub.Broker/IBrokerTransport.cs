namespace StatuutHub.Broker;

/// <summary>The broker as the hub uses it, whichever carries the messages: Azure Service Bus through Microsoft's client
/// (<see cref="ServiceBus.ServiceBusTransport"/>), or a local AMQP 1.0 broker through AMQPNetLite (<see cref="Local.AmqpTransport"/>).
/// Nothing above this seam knows which one runs.</summary>
public interface IBrokerTransport : IAsyncDisposable
{
    /// <summary>Sends <paramref name="message"/> to <paramref name="queue"/> and returns once the broker took it.</summary>
    /// <exception cref="BrokerUnavailableException">The broker could not be reached or did not confirm in time: try again later.</exception>
    /// <exception cref="BrokerRefusedException">The broker refused the message or the hub's credentials: trying again will not help.</exception>
    Task SendAsync(string queue, QueueMessage message, CancellationToken ct);

    /// <summary>Reads <paramref name="queue"/> with peek-lock until <paramref name="ct"/> ends, and settles each message as
    /// <paramref name="handle"/> says. A lost connection is opened again; messages it held come back from the broker.</summary>
    Task ConsumeAsync(string queue, Func<QueueMessage, CancellationToken, Task<QueueSettlement>> handle, CancellationToken ct);
}

/// <summary>The broker refused a message, or the hub's credentials: permanent.</summary>
public sealed class BrokerRefusedException : Exception
{
    public BrokerRefusedException()
    {
    }

    public BrokerRefusedException(string message)
        : base(message)
    {
    }

    public BrokerRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>The broker could not be reached, or did not confirm in time: worth trying again later.</summary>
public sealed class BrokerUnavailableException : Exception
{
    public BrokerUnavailableException()
    {
    }

    public BrokerUnavailableException(string message)
        : base(message)
    {
    }

    public BrokerUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
