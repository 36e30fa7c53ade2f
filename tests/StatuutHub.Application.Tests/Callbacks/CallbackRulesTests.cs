using System.Net;
using System.Text.Json;
using StatuutHub.Application.Callbacks;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Tests.Callbacks;

/// <summary>Which addresses a callback may reach, and which changes become which events.</summary>
public sealed class CallbackRulesTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("193.191.245.1", true)]
    [InlineData("2a02:2c40::1", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.5.4", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("64:ff9b::a00:1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("::a00:1", false)]          // ::/96, IPv4-compatible 10.0.0.1
    [InlineData("::7f00:1", false)]         // 127.0.0.1 the same way
    [InlineData("2002:a00:1::1", false)]    // 6to4 of 10.0.0.1
    [InlineData("2002:c000:204::1", false)] // 6to4 of a public address: still a relay, refused
    [InlineData("2001:0:4136:e378::1", false)] // Teredo
    [InlineData("2001:4860:4860::8888", true)] // beside Teredo's /32: public
    public void OnlyPublicUnicastAddressesArePublic(string address, bool expected) =>
        Assert.Equal(expected, CallbackAddresses.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void TheCallbackClient_UsesNoProxy_SoTheAddressItChecksIsTheOneItReaches()
    {
        using var handler = CallbackConnections.Handler(new CallbackOptions());
        Assert.False(handler.UseProxy);
        Assert.False(handler.AllowAutoRedirect);
    }

    [Fact]
    public async Task TheConnectionRule_RefusesAnInsideAddress_UnlessAllowed()
    {
        var refused = await Assert.ThrowsAsync<CallbackAddressRefusedException>(() => CallbackConnections.ConnectAsync(new DnsEndPoint("127.0.0.1", 9), allowPrivate: false, default).AsTask());
        Assert.Contains("127.0.0.1", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CallbackAddressRefusedException>(() => CallbackConnections.ConnectAsync(new DnsEndPoint("localhost", 9), allowPrivate: false, default).AsTask());
    }

    [Fact]
    public void Changes_BecomeEvents_AndARecognitionIsAnnouncedOnce()
    {
        var attest = Guid.NewGuid();
        ObservedChange Change(long seq, string kind, string? destination = null, MessageKind? message = null) =>
            new(seq, DateTimeOffset.UnixEpoch.AddSeconds(seq), kind, "detail", "actor", destination, message);
        var changes = new ObservedChanges("0123456749", attest, 1, AttestStatus.Recognised, AttestStatus.InProgress,
        [
            Change(1, "DeliverySent", "vdab", MessageKind.Create),
            Change(2, "DecisionApproved", "vdab", MessageKind.Create),
            Change(3, "DeliveryRetryScheduled", "rva", MessageKind.Create),
            Change(4, "DeliveryAcknowledged", "dimona", MessageKind.Create),
        ]);

        var drafts = CallbackEvents.Compose(changes);
        Assert.Equal(["delivery.decided", "delivery.decided", "attest.recognised"], drafts.Select(d => d.Type));
        Assert.Equal([2L, 4L, 4L], drafts.Select(d => d.Seq));
        Assert.Equal(AttestStatus.Recognised, drafts[^1].Announces);
        var body = JsonDocument.Parse(drafts[0].Body).RootElement;
        Assert.Equal(("vdab", "approved", "Recognised"), (body.GetProperty("destination").GetString(), body.GetProperty("decision").GetString(),
            body.GetProperty("attest").GetProperty("status").GetString()));
        Assert.Equal(drafts[0].EventId, body.GetProperty("id").GetGuid());
        Assert.All(drafts.Select(d => d.Type), t => Assert.Contains(t, CallbackEvents.Types));

        // Already announced: not again. Back in progress (amended): remembered on the amendment's event.
        Assert.DoesNotContain(CallbackEvents.Compose(changes with { LastAnnounced = AttestStatus.Recognised }), d => d.Type == "attest.recognised");
        var amended = CallbackEvents.Compose(changes with { StatusNow = AttestStatus.InProgress, LastAnnounced = AttestStatus.Recognised, Changes = [Change(5, "AttestAmended")] });
        Assert.Equal(("attest.amended", AttestStatus.InProgress), (Assert.Single(amended).Type, amended[0].Announces));
        Assert.Equal("renewal.requested", CallbackEvents.TypeOf(Change(6, "DeliverySent", "vdab", MessageKind.Renew)));
        Assert.Null(CallbackEvents.TypeOf(Change(7, "DeliverySent", "vdab", MessageKind.Create)));
    }
}
