using Amqp;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StatuutHub.Broker;

/// <summary>Reads one queue with peek-lock and settles each message as its handler says: complete only after the handler's durable
/// commit, abandon (after a pause) on a transient failure, dead-letter with a reason what can never be handled — and what failed
/// <see cref="BrokerOptions.MaxDeliveryCount"/> times (a poison message). A lost connection is opened again with backoff; messages
/// it held come back from the broker, so a handler must be idempotent.</summary>
public abstract class QueueConsumer(BrokerConnection broker, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>Failed handlings per message id, in this process (the broker's own delivery count is used too where it keeps one).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>The broker connection it reads from (a handler may send on it, e.g. a reply).</summary>
    protected BrokerConnection Broker => broker;

    /// <summary>The hub's clock.</summary>
    protected TimeProvider Time => time;

    /// <summary>The queue's name; null means this consumer is off.</summary>
    protected abstract string? QueueName { get; }

    /// <summary>Handles one message and says how to settle it. Throwing counts as <see cref="QueueSettlement.Abandon"/>.</summary>
    protected abstract Task<QueueSettlement> HandleAsync(Message message, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!broker.Options.Enabled || QueueName is not { } queue)
        {
            return;
        }

        var address = EntityPaths.Queue(broker.Options.Flavour, queue);
        var backoff = broker.Options.ReconnectDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            ReceiverLink? receiver = null;
            try
            {
                receiver = await broker.ReceiverAsync(address, stoppingToken);
                logger.LogInformation("Reading queue {Queue}", queue);
                backoff = broker.Options.ReconnectDelay;
                while (!stoppingToken.IsCancellationRequested)
                {
                    var message = await receiver.ReceiveAsync(Timeout.InfiniteTimeSpan).WaitAsync(stoppingToken);
                    if (message is null)
                    {
                        throw new InvalidOperationException("the receiver link closed");
                    }

                    await SettleAsync(receiver, message, queue, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Whatever broke (the connection, the link, the broker refusing the attach): connect again, never stop reading.
                broker.Broken(receiver?.Session.Connection, ex);
                logger.LogWarning("Queue {Queue} unreachable ({Reason}); trying again in {Delay}", queue, ex.Message, backoff);
                await Task.Delay(backoff, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
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

    private async Task SettleAsync(ReceiverLink receiver, Message message, string queue, CancellationToken ct)
    {
        QueueSettlement settlement;
        try
        {
            settlement = await HandleAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var failed = Math.Max(CountFailure(message), (int)(message.Header?.DeliveryCount ?? 0) + 1);
            if (failed >= broker.Options.MaxDeliveryCount)
            {
                settlement = QueueSettlement.DeadLetter("DELIVERY_COUNT_EXCEEDED", $"handled {failed} times without success; last: {ex.Message}");
            }
            else
            {
                logger.LogWarning(ex, "A message on {Queue} could not be handled now (attempt {Attempt} of {Max}); it is given back", queue, failed, broker.Options.MaxDeliveryCount);
                settlement = QueueSettlement.Abandon;
            }
        }

        if (settlement is not QueueSettlement.Abandoned && message.Properties?.MessageId is { } settled)
        {
            _failures.TryRemove(settled, out _);
        }

        switch (settlement)
        {
            case QueueSettlement.Completed:
                receiver.Accept(message);
                break;
            case QueueSettlement.DeadLettered dead:
                await DeadLetterAsync(receiver, message, queue, dead, ct);
                break;
            default:
                // Give the store a moment before the broker hands the message (and its neighbours) back.
                await Task.Delay(broker.Options.ReconnectDelay, time, ct);
                receiver.Modify(message, deliveryFailed: true, undeliverableHere: false, null);
                break;
        }
    }

    /// <summary>One more failed handling of this message (by its id); 0 for a message without an id.</summary>
    private int CountFailure(Message message)
    {
        if (message.Properties?.MessageId is not { } id)
        {
            return 0;
        }

        if (_failures.Count > 10_000)
        {
            _failures.Clear(); // ids of messages another process settled meanwhile: forget them rather than grow
        }

        return _failures.AddOrUpdate(id, 1, (_, n) => n + 1);
    }

    private async Task DeadLetterAsync(ReceiverLink receiver, Message message, string queue, QueueSettlement.DeadLettered dead, CancellationToken ct)
    {
        logger.LogWarning("Message {MessageId} on {Queue} dead-lettered: {Reason} {Description}", message.Properties?.MessageId, queue, dead.Reason, dead.Description);
        if (broker.Options.Flavour == BrokerFlavour.ServiceBus)
        {
            receiver.Reject(message, QueueMessages.ServiceBusDeadLetterError(dead.Reason, dead.Description));
        }
        else
        {
            // A local broker drops a rejected message: keep it, with its reason, on the dead-letter queue first.
            await broker.SendAsync(EntityPaths.DeadLetters(broker.Options.Flavour, queue), QueueMessages.DeadLetterCopy(message, dead.Reason, dead.Description), ct);
            receiver.Accept(message);
        }
    }
}
