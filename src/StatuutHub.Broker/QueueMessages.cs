using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace StatuutHub.Broker;

/// <summary>Reading and writing the parts of an AMQP message the hub uses, the same on every broker.</summary>
public static class QueueMessages
{
    /// <summary>The dead-letter reason, as Service Bus names it.</summary>
    public const string DeadLetterReason = "DeadLetterReason";

    /// <summary>The dead-letter description, as Service Bus names it.</summary>
    public const string DeadLetterDescription = "DeadLetterErrorDescription";

    /// <summary>The condition with which a Service Bus receiver dead-letters a message it rejects.</summary>
    public static readonly Symbol ServiceBusDeadLetter = new("com.microsoft:dead-letter");

    /// <summary>A message whose body is <paramref name="body"/> as one data section.</summary>
    public static Message Create(byte[] body, string contentType, string? messageId = null) => new()
    {
        BodySection = new Data { Binary = body },
        Header = new Header { Durable = true },
        Properties = new Properties { MessageId = messageId, ContentType = contentType },
        ApplicationProperties = new ApplicationProperties(),
    };

    /// <summary>The body's bytes, whether it came as data or as a string value.</summary>
    /// <exception cref="FormatException">The body is neither.</exception>
    public static byte[] Body(Message message) => message.Body switch
    {
        byte[] bytes => bytes,
        string text => Encoding.UTF8.GetBytes(text),
        null => [],
        var other => throw new FormatException($"The body is a {other.GetType().Name}, not data or a string."),
    };

    /// <summary>An application property as text, or null.</summary>
    public static string? Property(Message message, string name) =>
        message.ApplicationProperties?.Map.TryGetValue(name, out var value) == true ? value?.ToString() : null;

    /// <summary>The content type, or an empty string.</summary>
    public static string ContentType(Message message) => message.Properties?.ContentType?.ToString() ?? string.Empty;

    /// <summary>The copy of <paramref name="original"/> that a local broker's dead-letter queue keeps, with the reason as properties.</summary>
    public static Message DeadLetterCopy(Message original, string reason, string description)
    {
        var copy = Create(Body(original), ContentType(original), original.Properties?.MessageId);
        copy.Properties.CorrelationId = original.Properties?.CorrelationId;
        copy.Properties.ReplyTo = original.Properties?.ReplyTo;
        copy.Properties.GroupId = original.Properties?.GroupId;
        foreach (var (name, value) in original.ApplicationProperties?.Map ?? new Map())
        {
            copy.ApplicationProperties[name] = value;
        }

        copy.ApplicationProperties[DeadLetterReason] = reason;
        copy.ApplicationProperties[DeadLetterDescription] = description;
        return copy;
    }

    /// <summary>The error with which a Service Bus receiver dead-letters (it keeps reason and description with the message).</summary>
    public static Error ServiceBusDeadLetterError(string reason, string description) => new(ServiceBusDeadLetter)
    {
        Description = description,
        Info = new Fields { { new Symbol(DeadLetterReason), reason }, { new Symbol(DeadLetterDescription), description } },
    };
}
