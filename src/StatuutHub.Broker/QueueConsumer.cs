using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StatuutHub.Broker;

/// <summary>Reads one queue with peek-lock (<see cref="IBrokerTransport.ConsumeAsync"/>) and settles each message as its handler
/// says: complete only after the handler's durable commit, abandon (after a pause) on a transient failure, dead-letter with a
/// reason what can never be handled — and what failed <see cref="BrokerOptions.MaxDeliveryCount"/> times (a poison message).
/// Messages a lost connection held come back from the broker, so a handler must be idempotent.</summary>
public abstract class QueueConsumer(IBrokerTransport transport, BrokerOptions options, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>Failed handlings per message id, in this process (the broker's own delivery count is used too).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>The broker it reads from (a handler may send on it, e.g. a reply).</summary>
    protected IBrokerTransport Transport => transport;

    /// <summary>The queue's name; null means this consumer is off.</summary>
    protected abstract string? QueueName { get; }

    /// <summary>Handles one message and says how to settle it. Throwing counts as <see cref="QueueSettlement.Abandon"/>.</summary>
    protected abstract Task<QueueSettlement> HandleAsync(QueueMessage message, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled || QueueName is not { } queue)
        {
            return;
        }

        try
        {
            await transport.ConsumeAsync(queue, (message, ct) => SettlementOfAsync(message, queue, ct), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<QueueSettlement> SettlementOfAsync(QueueMessage message, string queue, CancellationToken ct)
    {
        QueueSettlement settlement;
        try
        {
            settlement = await HandleAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var failed = Math.Max(CountFailure(message), message.DeliveryCount);
            if (failed >= options.MaxDeliveryCount)
            {
                settlement = QueueSettlement.DeadLetter("DELIVERY_COUNT_EXCEEDED", $"handled {failed} times without success; last: {ex.Message}");
            }
            else
            {
                logger.LogWarning(ex, "A message on {Queue} could not be handled now (attempt {Attempt} of {Max}); it is given back", queue, failed, options.MaxDeliveryCount);
                // Give the store a moment before the broker hands the message (and its neighbours) back.
                await Task.Delay(options.ReconnectDelay, time, ct);
                settlement = QueueSettlement.Abandon;
            }
        }

        if (settlement is not QueueSettlement.Abandoned && message.MessageId is { } settled)
        {
            _failures.TryRemove(settled, out _);
        }

        if (settlement is QueueSettlement.DeadLettered dead)
        {
            logger.LogWarning("Message {MessageId} on {Queue} dead-lettered: {Reason} {Description}", message.MessageId, queue, dead.Reason, dead.Description);
        }

        return settlement;
    }

    /// <summary>One more failed handling of this message (by its id); 0 for a message without an id.</summary>
    private int CountFailure(QueueMessage message)
    {
        if (message.MessageId is not { } id)
        {
            return 0;
        }

        if (_failures.Count > 10_000)
        {
            _failures.Clear(); // ids of messages another process settled meanwhile: forget them rather than grow
        }

        return _failures.AddOrUpdate(id, 1, (_, n) => n + 1);
    }
}
