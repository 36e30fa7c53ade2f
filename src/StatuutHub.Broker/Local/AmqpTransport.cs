using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Microsoft.Extensions.Logging;

namespace StatuutHub.Broker.Local;

/// <summary>A local AMQP 1.0 broker (RabbitMQ with <c>rabbitmq_amqp1_0</c>) through AMQPNetLite: queues at <c>/queue/{name}</c>,
/// peek-lock by leaving a delivery unsettled until the handler settled it (accepted, or modified to give it back), and dead letters
/// kept by the hub itself on <c>{name}.dead-letter</c> with the reason as properties, since the broker drops what it is refused.</summary>
public sealed class AmqpTransport(BrokerConnection broker, TimeProvider time, ILogger logger) : IBrokerTransport
{
    /// <inheritdoc />
    public async Task SendAsync(string queue, QueueMessage message, CancellationToken ct)
    {
        try
        {
            await broker.SendAsync(EntityPaths.Queue(queue), ToAmqp(message), ct);
        }
        catch (AmqpException ex) when (BrokerConnection.IsRefusal(ex.Error?.Condition))
        {
            throw new BrokerRefusedException($"the broker refused the message: {ex.Error?.Condition} {ex.Message}", ex);
        }
        catch (AmqpException ex)
        {
            throw new BrokerUnavailableException($"the broker did not take the message: {ex.Error?.Condition} {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async Task ConsumeAsync(string queue, Func<QueueMessage, CancellationToken, Task<QueueSettlement>> handle, CancellationToken ct)
    {
        var backoff = broker.Options.ReconnectDelay;
        while (!ct.IsCancellationRequested)
        {
            ReceiverLink? receiver = null;
            try
            {
                receiver = await broker.ReceiverAsync(EntityPaths.Queue(queue), ct);
                logger.LogInformation("Reading queue {Queue}", queue);
                backoff = broker.Options.ReconnectDelay;
                while (!ct.IsCancellationRequested)
                {
                    var message = await receiver.ReceiveAsync(Timeout.InfiniteTimeSpan).WaitAsync(ct) ?? throw new InvalidOperationException("the receiver link closed");
                    await SettleAsync(receiver, message, queue, await handle(FromAmqp(message), ct), ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Whatever broke (the connection, the link, the broker refusing the attach): connect again, never stop reading.
                broker.Broken(receiver?.Session.Connection, ex);
                logger.LogWarning("Queue {Queue} unreachable ({Reason}); trying again in {Delay}", queue, ex.Message, backoff);
                await Task.Delay(backoff, time, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
            finally
            {
                if (receiver is not null)
                {
                    await receiver.CloseAsync(TimeSpan.FromSeconds(1), null).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }
    }

    public ValueTask DisposeAsync() => broker.DisposeAsync();

    private async Task SettleAsync(ReceiverLink receiver, Message message, string queue, QueueSettlement settlement, CancellationToken ct)
    {
        switch (settlement)
        {
            case QueueSettlement.Completed:
                receiver.Accept(message);
                break;
            case QueueSettlement.DeadLettered dead:
                // A local broker drops a rejected message: keep it, with its reason, on the dead-letter queue first.
                await broker.SendAsync(EntityPaths.DeadLetters(queue), DeadLetterCopy(message, dead.Reason, dead.Description), ct);
                receiver.Accept(message);
                break;
            default:
                receiver.Modify(message, deliveryFailed: true, undeliverableHere: false, null);
                break;
        }
    }

    /// <summary>The AMQP message of a queue message: the body as one data section, durable.</summary>
    public static Message ToAmqp(QueueMessage message)
    {
        var amqp = new Message
        {
            BodySection = new Data { Binary = message.Body },
            Header = new Header { Durable = true },
            Properties = new Properties
            {
                MessageId = message.MessageId, ContentType = message.ContentType, CorrelationId = message.CorrelationId, ReplyTo = message.ReplyTo,
                GroupId = message.SessionId, Subject = message.Subject,
            },
            ApplicationProperties = new ApplicationProperties(),
        };
        if (message.TimeToLive is { } ttl)
        {
            amqp.Header.Ttl = (uint)Math.Min(ttl.TotalMilliseconds, uint.MaxValue);
        }

        foreach (var (name, value) in message.Properties)
        {
            amqp.ApplicationProperties[name] = value;
        }

        return amqp;
    }

    /// <summary>The queue message of a received AMQP message; a body that is neither data nor a string is read as empty (the
    /// handler refuses it as unreadable).</summary>
    public static QueueMessage FromAmqp(Message message) => new()
    {
        Body = message.Body switch
        {
            byte[] bytes => bytes,
            string text => Encoding.UTF8.GetBytes(text),
            _ => [],
        },
        ContentType = message.Properties?.ContentType?.ToString() ?? string.Empty,
        MessageId = message.Properties?.MessageId,
        CorrelationId = message.Properties?.CorrelationId,
        ReplyTo = message.Properties?.ReplyTo,
        SessionId = message.Properties?.GroupId,
        Subject = message.Properties?.Subject,
        Properties = (message.ApplicationProperties?.Map ?? new Map()).ToDictionary(p => p.Key.ToString()!, p => (object?)p.Value, StringComparer.Ordinal),
        DeliveryCount = (int)(message.Header?.DeliveryCount ?? 0) + 1,
    };

    /// <summary>The copy of <paramref name="original"/> that the dead-letter queue keeps, with the reason as properties.</summary>
    private static Message DeadLetterCopy(Message original, string reason, string description)
    {
        var copy = ToAmqp(FromAmqp(original));
        copy.ApplicationProperties[QueueMessages.DeadLetterReason] = reason;
        copy.ApplicationProperties[QueueMessages.DeadLetterDescription] = description;
        return copy;
    }
}
