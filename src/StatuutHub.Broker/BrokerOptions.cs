using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Broker;

/// <summary>The message broker the hub may use beside HTTP (<c>Broker:*</c>): Azure Service Bus, or a local AMQP 1.0 broker
/// (RabbitMQ with its AMQP 1.0 plugin). Nothing connects until a destination, the decisions queue or the intake queue needs it.</summary>
public sealed class BrokerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Broker";

    /// <summary>On: the decisions queue (and the intake queue, when named) is read; destinations with <c>Transport=Amqp</c> need it.</summary>
    public bool Enabled { get; set; }

    /// <summary>Which kind of broker: entity paths, authentication and dead-lettering differ.</summary>
    public BrokerFlavour Flavour { get; set; } = BrokerFlavour.Local;

    /// <summary>Service Bus: Microsoft's connection string (<c>Endpoint=sb://{namespace}.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…</c>).
    /// Without it, <see cref="SasKeyName"/>/<see cref="SasKey"/> on <see cref="Host"/>, or else Microsoft Entra ID (a managed identity or a client secret).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The broker's host name (Service Bus: <c>{namespace}.servicebus.windows.net</c>).</summary>
    public string? Host { get; set; }

    /// <summary>The port; 0 takes AMQP's own (5672, or 5671 with TLS).</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>Local broker: AMQP over TLS (Service Bus always uses TLS).</summary>
    public bool UseTls { get; set; }

    /// <summary>Local broker: the user for SASL PLAIN.</summary>
    public string? UserName { get; set; }

    /// <summary>Local broker: the password for SASL PLAIN.</summary>
    public string? Password { get; set; }

    /// <summary>Service Bus: the shared access policy's name.</summary>
    public string? SasKeyName { get; set; }

    /// <summary>Service Bus: the shared access policy's key.</summary>
    public string? SasKey { get; set; }

    /// <summary>The queue the agencies put their decisions on.</summary>
    [Required]
    public string DecisionsQueue { get; set; } = "statuut.decisions";

    /// <summary>The queue initiatives may put attests on; null keeps queue intake off.</summary>
    public string? IntakeQueue { get; set; }

    /// <summary>Each agency's key for sealing its decisions (HMAC-SHA256, see <see cref="DecisionSeal"/>), by destination kind
    /// (<c>Broker:DecisionKeys:rva</c>). A decision from an agency without a key here is dead-lettered.</summary>
    public Dictionary<string, string> DecisionKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Local broker: messages a receiver holds (locked, unsettled) at once.</summary>
    [Range(1, 1_000)]
    public int ReceiveCredit { get; set; } = 32;

    /// <summary>How many times a message may fail to be handled before it is dead-lettered (<c>DELIVERY_COUNT_EXCEEDED</c>): a message
    /// that breaks its handler every time would otherwise come back for ever and hold up the queue.</summary>
    [Range(2, 1000)]
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>Pause before connecting again after the broker went away (doubles up to 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for the broker to confirm a message or open a link.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The port a local broker's connection uses.</summary>
    public int EffectivePort => Port != 0 ? Port : UseTls ? 5671 : 5672;
}

/// <summary>The kinds of broker the hub knows.</summary>
public enum BrokerFlavour
{
    /// <summary>A local broker (RabbitMQ 3.10 with <c>rabbitmq_amqp1_0</c>): SASL PLAIN, addresses <c>/queue/{name}</c>, the hub
    /// moves a dead letter to <c>{name}.dead-letter</c> itself.</summary>
    Local,

    /// <summary>Azure Service Bus, through Microsoft's client: entities as named, dead letters in <c>{name}/$DeadLetterQueue</c> with
    /// the reason.</summary>
    ServiceBus,
}
