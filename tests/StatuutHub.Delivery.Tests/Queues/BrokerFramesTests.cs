using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amqp;
using Amqp.Framing;
using StatuutHub.Broker;

namespace StatuutHub.Delivery.Tests.Queues;

/// <summary>What cannot run here against the real Azure Service Bus (claims-based security, SAS tokens, its dead-letter convention) is
/// checked on the frames the hub would send; the seal that proves a decision's agency, on its own.</summary>
public sealed class BrokerFramesTests
{
    [Fact]
    public void PutTokenRequest_CarriesTheOperationTypeAudienceAndToken_AndEncodesAsAnAmqpMessage()
    {
        var expires = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        var request = ServiceBusCbs.PutTokenRequest("sb://ns.servicebus.windows.net/statuut.rva", "SharedAccessSignature sr=x", expires, "req-1");
        var decoded = Message.Decode(request.Encode());

        Assert.Equal("put-token", decoded.ApplicationProperties["operation"]);
        Assert.Equal("servicebus.windows.net:sastoken", decoded.ApplicationProperties["type"]);
        Assert.Equal("sb://ns.servicebus.windows.net/statuut.rva", decoded.ApplicationProperties["name"]);
        Assert.Equal(expires.UtcDateTime, (DateTime)decoded.ApplicationProperties["expiration"]);
        Assert.Equal(("req-1", "cbs"), (decoded.Properties.MessageId, decoded.Properties.ReplyTo));
        Assert.Equal("SharedAccessSignature sr=x", decoded.Body);
    }

    [Theory]
    [InlineData(200, null)]
    [InlineData(202, null)]
    [InlineData(401, "Service Bus refused the token (401): InvalidSignature")]
    [InlineData(404, "Service Bus refused the token (404): InvalidSignature")]
    public void PutTokenResponse_SucceedsOn200And202_OtherwiseSaysWhy(int status, string? error)
    {
        var response = new Message { Properties = new Properties { CorrelationId = "req-1" }, ApplicationProperties = new ApplicationProperties() };
        response.ApplicationProperties["status-code"] = status;
        response.ApplicationProperties["status-description"] = "InvalidSignature";

        var thrown = Record.Exception(() => ServiceBusCbs.ReadPutTokenResponse(Message.Decode(response.Encode()), "req-1"));
        Assert.Equal(error, thrown?.Message);
        Assert.Throws<InvalidOperationException>(() => ServiceBusCbs.ReadPutTokenResponse(response, "req-2"));
    }

    [Fact]
    public void SharedAccessSignature_IsTheDocumentedHmacOverTheEncodedResourceAndExpiry()
    {
        var expires = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var token = SharedAccessSignature.Create("hub-send", "c2VjcmV0LWtleQ==", "sb://ns.servicebus.windows.net/statuut.rva", expires);

        var fields = token["SharedAccessSignature ".Length..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => WebUtility.UrlDecode(p[1]));
        Assert.Equal(("sb://ns.servicebus.windows.net/statuut.rva", "1800000000", "hub-send"), (fields["sr"], fields["se"], fields["skn"]));
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes("c2VjcmV0LWtleQ=="),
            Encoding.UTF8.GetBytes(WebUtility.UrlEncode("sb://ns.servicebus.windows.net/statuut.rva") + "\n1800000000")));
        Assert.Equal(expected, fields["sig"]);
    }

    [Fact]
    public void EntityPaths_FollowEachBrokersConvention()
    {
        Assert.Equal(("statuut.rva", "statuut.rva/$DeadLetterQueue"), (EntityPaths.Queue(BrokerFlavour.ServiceBus, "statuut.rva"), EntityPaths.DeadLetters(BrokerFlavour.ServiceBus, "statuut.rva")));
        Assert.Equal(("/queue/statuut.rva", "/queue/statuut.rva.dead-letter"), (EntityPaths.Queue(BrokerFlavour.Local, "statuut.rva"), EntityPaths.DeadLetters(BrokerFlavour.Local, "statuut.rva")));
        Assert.Equal(("/queue/answers", "/exchange/x/y", "answers"),
            (EntityPaths.ReplyAddress(BrokerFlavour.Local, "answers"), EntityPaths.ReplyAddress(BrokerFlavour.Local, "/exchange/x/y"), EntityPaths.ReplyAddress(BrokerFlavour.ServiceBus, "answers")));
        Assert.Equal("sb://ns.servicebus.windows.net/statuut.rva", ServiceBusCbs.Audience("ns.servicebus.windows.net", "statuut.rva"));
    }

    [Fact]
    public void ServiceBusDeadLetter_RejectsWithTheReasonAndDescriptionServiceBusKeeps()
    {
        var error = QueueMessages.ServiceBusDeadLetterError("UNAUTHORISED_DECISION", "seal does not match");
        Assert.Equal("com.microsoft:dead-letter", error.Condition.ToString());
        Assert.Equal("UNAUTHORISED_DECISION", error.Info[new Amqp.Types.Symbol("DeadLetterReason")]);
        Assert.Equal("seal does not match", error.Info[new Amqp.Types.Symbol("DeadLetterErrorDescription")]);
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
    [InlineData(true, "ns.servicebus.windows.net", "ServiceBus", null, null, "Broker:SasKeyName and Broker:SasKey are required")]
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
    public void Port_DefaultsToAmqpsForServiceBus()
    {
        Assert.Equal(5671, new BrokerOptions { Flavour = BrokerFlavour.ServiceBus }.EffectivePort);
        Assert.Equal(5672, new BrokerOptions().EffectivePort);
        Assert.Equal(5671, new BrokerOptions { UseTls = true }.EffectivePort);
        Assert.Equal(15672, new BrokerOptions { Port = 15672 }.EffectivePort);
    }
}
