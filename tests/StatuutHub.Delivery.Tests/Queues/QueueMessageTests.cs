using System.Text;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Delivery.Queues;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Delivery.Tests.Queues;

/// <summary>The queue message a destination on AMQP gets: Service Bus reads message-id for duplicate detection and group-id as the
/// session (one attest's messages in order).</summary>
public sealed class QueueMessageTests
{
    [Fact]
    public void TheQueueMessage_CarriesTheIdsTheBodyAndATimeToLive()
    {
        var attestId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var outbound = new OutboundMessage(messageId, attestId, 3, new Destination(DestinationKind.Ocmw, "44021"), MessageKind.Amend, null!);
        var request = new AgencyRequest("ocmw/44021/ama-notifications", "{\"a\":1}", "application/json");

        var message = Amqp.Message.Decode(StatuutHub.Broker.Local.AmqpTransport.ToAmqp(QueueDestinationAdapter.ToQueueMessage(outbound, request, TimeSpan.FromDays(14))).Encode());

        Assert.Equal(messageId.ToString("D"), message.Properties.MessageId);
        Assert.Equal(attestId.ToString("D"), message.Properties.GroupId);
        Assert.Equal("ocmw/44021/ama-notifications", message.Properties.Subject);
        Assert.Equal("application/json", message.Properties.ContentType.ToString());
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString((byte[])message.Body));
        Assert.True(message.Header.Durable);
        Assert.Equal((uint)TimeSpan.FromDays(14).TotalMilliseconds, message.Header.Ttl);
        Assert.Equal(attestId.ToString("D"), message.ApplicationProperties[QueueDestinationAdapter.AttestIdProperty]);
        Assert.Equal(3, message.ApplicationProperties[QueueDestinationAdapter.AttestVersionProperty]);
        Assert.Equal("ocmw-44021", message.ApplicationProperties[QueueDestinationAdapter.DestinationProperty]);
        Assert.Equal("AMEND", message.ApplicationProperties[QueueDestinationAdapter.ActionProperty]);
    }

    [Fact]
    public void TheQueueMessage_IsSealedForItsAgency_SoAChangedOrForeignOneFailsItsCheck()
    {
        var outbound = new OutboundMessage(Guid.NewGuid(), Guid.NewGuid(), 1, new Destination(DestinationKind.Vdab, null), MessageKind.Create, null!);
        var request = new AgencyRequest("vdab/ama", "{\"insz\":\"85073003328\"}", "application/json");

        var message = Amqp.Message.Decode(StatuutHub.Broker.Local.AmqpTransport.ToAmqp(QueueDestinationAdapter.ToQueueMessage(outbound, request, TimeSpan.FromDays(1), "vdab-shared-key-0123456789")).Encode());
        var body = (byte[])message.Body;
        var seal = (string)message.ApplicationProperties[StatuutHub.Broker.DecisionSeal.SealProperty];

        Assert.Equal("hub:vdab", message.ApplicationProperties[StatuutHub.Broker.DecisionSeal.AgencyProperty]);
        Assert.True(StatuutHub.Broker.DecisionSeal.Verify("vdab-shared-key-0123456789", StatuutHub.Broker.DecisionSeal.FromHub("vdab"), body, seal));
        Assert.False(StatuutHub.Broker.DecisionSeal.Verify("vdab-shared-key-0123456789", StatuutHub.Broker.DecisionSeal.FromHub("vdab"), Encoding.UTF8.GetBytes("{\"insz\":\"90031421515\"}"), seal));
        Assert.False(StatuutHub.Broker.DecisionSeal.Verify("another-agencys-key-0123456", StatuutHub.Broker.DecisionSeal.FromHub("vdab"), body, seal));
        Assert.False(StatuutHub.Broker.DecisionSeal.Verify("vdab-shared-key-0123456789", "vdab", body, seal)); // not usable as the agency's own decision seal
    }

    [Fact]
    public void TheQueue_IsNamedAfterTheKind_UnlessConfigured()
    {
        Assert.Equal("statuut.mutualiteit", QueueDestinationAdapter.QueueOf(DestinationKind.Mutualiteit, new StatuutHub.Delivery.Resilience.QueueOptions()));
        Assert.Equal("rva-in", QueueDestinationAdapter.QueueOf(DestinationKind.Rva, new StatuutHub.Delivery.Resilience.QueueOptions { Name = "rva-in" }));
    }
}
