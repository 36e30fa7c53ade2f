using Amqp;
using StatuutHub.Broker;
using StatuutHub.Broker.Local;

namespace StatuutHub.Tests.Shared.Broker;

/// <summary>AMQP messages as a test playing an agency or an initiative on the local broker writes and reads them.</summary>
public static class LocalMessages
{
    /// <summary>A durable message with this body, media type and id.</summary>
    public static Message Create(byte[] body, string contentType, string? messageId = null) =>
        AmqpTransport.ToAmqp(new QueueMessage { Body = body, ContentType = contentType, MessageId = messageId });

    /// <summary>An application property as text, or null.</summary>
    public static string? Property(Message message, string name) => AmqpTransport.FromAmqp(message).Property(name);

    /// <summary>The body's bytes.</summary>
    public static byte[] Body(Message message) => AmqpTransport.FromAmqp(message).Body;
}
