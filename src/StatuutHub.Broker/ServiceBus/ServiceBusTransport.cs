using System.Collections.Concurrent;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

namespace StatuutHub.Broker.ServiceBus;

/// <summary>Azure Service Bus through Microsoft's own client (Azure.Messaging.ServiceBus): one <see cref="ServiceBusClient"/> per
/// process, a sender per queue, and a <see cref="ServiceBusProcessor"/> per queue read, with peek-lock, settlement by the handler
/// (complete, abandon, dead-letter with the reason and description as Service Bus keeps them) and the lock renewed while a
/// message is handled. Tokens, reconnects and retries are the client's. The hub's message id is the message id (duplicate
/// detection), the attest id the session id (order on a session-enabled queue).</summary>
public sealed class ServiceBusTransport(BrokerOptions options, ILogger logger) : IBrokerTransport
{
    private readonly ServiceBusClient _client = CreateClient(options);
    private readonly ConcurrentDictionary<string, ServiceBusSender> _senders = new(StringComparer.Ordinal);

    /// <summary>The client for <paramref name="options"/>: by connection string (<c>Broker:ConnectionString</c>), by a shared access
    /// policy (<c>Broker:SasKeyName</c>/<c>SasKey</c> on <c>Broker:Host</c>), or else by Microsoft Entra ID
    /// (<see cref="DefaultAzureCredential"/>: a managed identity, or a client secret in <c>AZURE_TENANT_ID</c>, <c>AZURE_CLIENT_ID</c>,
    /// <c>AZURE_CLIENT_SECRET</c>).</summary>
    public static ServiceBusClient CreateClient(BrokerOptions options)
    {
        var client = new ServiceBusClientOptions
        {
            Identifier = $"statuut-hub-{Environment.MachineName}-{Environment.ProcessId}",
            RetryOptions = new ServiceBusRetryOptions { TryTimeout = options.OperationTimeout, MaxRetries = 3 },
        };
        return !string.IsNullOrWhiteSpace(options.ConnectionString) ? new ServiceBusClient(options.ConnectionString, client)
            : !string.IsNullOrWhiteSpace(options.SasKeyName) ? new ServiceBusClient($"Endpoint=sb://{options.Host}/;SharedAccessKeyName={options.SasKeyName};SharedAccessKey={options.SasKey}", client)
            : new ServiceBusClient(options.Host, new DefaultAzureCredential(), client);
    }

    /// <inheritdoc />
    public async Task SendAsync(string queue, QueueMessage message, CancellationToken ct)
    {
        var sender = _senders.GetOrAdd(queue, _client.CreateSender);
        try
        {
            await sender.SendMessageAsync(ToServiceBus(message), ct);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or ServiceBusException { Reason: ServiceBusFailureReason.MessageSizeExceeded
            or ServiceBusFailureReason.MessagingEntityNotFound or ServiceBusFailureReason.MessagingEntityDisabled })
        {
            throw new BrokerRefusedException($"Service Bus refused the message: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is ServiceBusException or TimeoutException or InvalidOperationException)
        {
            throw new BrokerUnavailableException($"Service Bus did not take the message: {ex.Message}", ex);
        }
    }

    /// <inheritdoc />
    public async Task ConsumeAsync(string queue, Func<QueueMessage, CancellationToken, Task<QueueSettlement>> handle, CancellationToken ct)
    {
        await using var processor = _client.CreateProcessor(queue, new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = 1, // one at a time, in order, as on the local broker
            MaxAutoLockRenewalDuration = TimeSpan.FromMinutes(5),
        });
        processor.ProcessMessageAsync += async args =>
        {
            switch (await handle(FromServiceBus(args.Message), args.CancellationToken))
            {
                case QueueSettlement.Completed:
                    await args.CompleteMessageAsync(args.Message, args.CancellationToken);
                    break;
                case QueueSettlement.DeadLettered dead:
                    await args.DeadLetterMessageAsync(args.Message, dead.Reason, dead.Description, args.CancellationToken);
                    break;
                default:
                    await args.AbandonMessageAsync(args.Message, cancellationToken: args.CancellationToken);
                    break;
            }
        };
        processor.ProcessErrorAsync += args =>
        {
            logger.LogWarning("Queue {Queue} on Service Bus: {Source} failed ({Reason}); the client tries again", queue, args.ErrorSource, args.Exception.Message);
            return Task.CompletedTask;
        };
        await processor.StartProcessingAsync(ct);
        logger.LogInformation("Reading queue {Queue} on Service Bus", queue);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await processor.StopProcessingAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync() => await _client.DisposeAsync();

    private static ServiceBusMessage ToServiceBus(QueueMessage message)
    {
        var sent = new ServiceBusMessage(message.Body)
        {
            MessageId = message.MessageId, ContentType = message.ContentType, CorrelationId = message.CorrelationId, ReplyTo = message.ReplyTo,
            SessionId = message.SessionId, Subject = message.Subject,
        };
        if (message.TimeToLive is { } ttl)
        {
            sent.TimeToLive = ttl;
        }

        foreach (var (name, value) in message.Properties)
        {
            sent.ApplicationProperties[name] = value;
        }

        return sent;
    }

    private static QueueMessage FromServiceBus(ServiceBusReceivedMessage message) => new()
    {
        Body = message.Body.ToArray(),
        ContentType = message.ContentType ?? string.Empty,
        MessageId = message.MessageId,
        CorrelationId = message.CorrelationId,
        ReplyTo = message.ReplyTo,
        SessionId = message.SessionId,
        Subject = message.Subject,
        Properties = message.ApplicationProperties.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal),
        DeliveryCount = message.DeliveryCount,
    };
}
