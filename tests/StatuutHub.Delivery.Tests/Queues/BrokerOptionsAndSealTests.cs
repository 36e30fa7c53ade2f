using System.Text;
using StatuutHub.Broker;
using StatuutHub.Broker.Local;

namespace StatuutHub.Delivery.Tests.Queues;

/// <summary>The broker channel's own rules, apart from any broker: the seal that proves a decision's agency, the local broker's
/// addresses, and the options checked at start-up. (Service Bus is Microsoft's client against the test endpoint: see
/// <c>tests/StatuutHub.EndToEnd.Tests/ServiceBus</c>.)</summary>
public sealed class BrokerOptionsAndSealTests
{
    [Fact]
    public void LocalEntityPaths_FollowRabbitMqsConvention()
    {
        Assert.Equal(("/queue/statuut.rva", "/queue/statuut.rva.dead-letter"), (EntityPaths.Queue("statuut.rva"), EntityPaths.DeadLetters("statuut.rva")));
        Assert.Equal("/exchange/x/y", EntityPaths.Queue("/exchange/x/y")); // a reply-to written as an address stays one
    }

    [Fact]
    public void DecisionSeal_ProvesTheAgencyAndTheBody()
    {
        var body = Encoding.UTF8.GetBytes("{\"decision\":\"APPROVED\"}");
        var seal = DecisionSeal.Compute("vdab-key-0123456789", "vdab", body);

        Assert.True(DecisionSeal.Verify("vdab-key-0123456789", "vdab", body, seal));
        Assert.False(DecisionSeal.Verify("vdab-key-0123456789", "rva", body, seal)); // another agency's name
        Assert.False(DecisionSeal.Verify("rva-key-0123456789", "rva", body, DecisionSeal.Compute("vdab-key-0123456789", "rva", body))); // another's key
        Assert.False(DecisionSeal.Verify("vdab-key-0123456789", "vdab", Encoding.UTF8.GetBytes("{\"decision\":\"REFUSED\"}"), seal)); // changed body
        Assert.False(DecisionSeal.Verify("vdab-key-0123456789", "vdab", body, null));
    }

    [Theory]
    [InlineData(false, null, null, null, null, null)]
    [InlineData(true, "amqp.example.be", null, null, null, null)]
    [InlineData(true, null, null, null, null, "Broker:Host is required")]
    [InlineData(true, "ns.servicebus.windows.net", "ServiceBus", null, null, null)]
    [InlineData(true, null, "ServiceBus", null, null, "Broker:ConnectionString or Broker:Host is required for Azure Service Bus")]
    [InlineData(true, "localhost", "Local", "user", null, "Broker:UserName and Broker:Password go together")]
    [InlineData(true, "localhost", "Local", null, "short", "Broker:DecisionKeys:rva is shorter than 16 characters")]
    public void Options_AreCheckedAtStartUp(bool enabled, string? host, string? flavour, string? user, string? decisionKey, string? failure)
    {
        var options = new BrokerOptions { Enabled = enabled, Host = host, Flavour = Enum.Parse<BrokerFlavour>(flavour ?? "Local"), UserName = user };
        if (decisionKey is not null)
        {
            options.DecisionKeys["rva"] = decisionKey;
        }

        var result = new BrokerOptionsValidator().Validate(null, options);
        Assert.Equal(failure is null, result.Succeeded);
        if (failure is not null)
        {
            Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void LocalPort_DefaultsToAmqpsWithTls()
    {
        Assert.Equal(5672, new BrokerOptions().EffectivePort);
        Assert.Equal(5671, new BrokerOptions { UseTls = true }.EffectivePort);
        Assert.Equal(15672, new BrokerOptions { Port = 15672 }.EffectivePort);
    }
}
