using Amqp;
using Amqp.Framing;

namespace StatuutHub.Broker;

/// <summary>Azure Service Bus claims-based security: before a link to an entity is attached, a SAS token for it is put on the
/// <c>$cbs</c> node (a request on a sender link to <c>$cbs</c>, the answer on a receiver link from it). The frames are built and read
/// here without I/O, so they are unit-tested; against the real service this runs untested here (no Service Bus without internet).</summary>
public static class ServiceBusCbs
{
    /// <summary>The management node.</summary>
    public const string Node = "$cbs";

    /// <summary>The address the hub's answers come back to.</summary>
    public const string ReplyTo = "cbs";

    /// <summary>The token type of a shared access signature.</summary>
    public const string SasTokenType = "servicebus.windows.net:sastoken";

    /// <summary>The audience of an entity: <c>sb://{host}/{entity}</c>.</summary>
    public static string Audience(string host, string entity) => $"sb://{host}/{entity.TrimStart('/')}";

    /// <summary>The put-token request for <paramref name="audience"/>.</summary>
    public static Message PutTokenRequest(string audience, string token, DateTimeOffset expiresAt, string requestId)
    {
        var request = new Message(token)
        {
            Properties = new Properties { MessageId = requestId, ReplyTo = ReplyTo },
            ApplicationProperties = new ApplicationProperties(),
        };
        request.ApplicationProperties["operation"] = "put-token";
        request.ApplicationProperties["type"] = SasTokenType;
        request.ApplicationProperties["name"] = audience;
        request.ApplicationProperties["expiration"] = expiresAt.UtcDateTime;
        return request;
    }

    /// <summary>Reads the answer: 200 or 202 is success; anything else throws with the node's description.</summary>
    /// <exception cref="UnauthorizedAccessException">The token was refused.</exception>
    public static void ReadPutTokenResponse(Message response, string requestId)
    {
        if (response.Properties?.CorrelationId is { } correlation && correlation != requestId)
        {
            throw new InvalidOperationException($"$cbs answered request {correlation}, not {requestId}.");
        }

        var status = response.ApplicationProperties?["status-code"] is { } code ? Convert.ToInt32(code, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (status is not (200 or 202))
        {
            var description = response.ApplicationProperties?["status-description"] as string ?? "no description";
            throw new UnauthorizedAccessException($"Service Bus refused the token ({status}): {description}");
        }
    }

    /// <summary>Puts a token for <paramref name="audience"/> on the connection's <c>$cbs</c> node.</summary>
    public static async Task PutTokenAsync(Session session, string audience, string token, DateTimeOffset expiresAt, TimeSpan timeout)
    {
        var requestId = Guid.NewGuid().ToString("N");
        var sender = new SenderLink(session, "cbs-sender-" + requestId, Node);
        var receiver = new ReceiverLink(session, "cbs-receiver-" + requestId, new Attach { Source = new Source { Address = Node }, Target = new Target { Address = ReplyTo } }, null);
        try
        {
            await sender.SendAsync(PutTokenRequest(audience, token, expiresAt, requestId), timeout);
            var response = await receiver.ReceiveAsync(timeout) ?? throw new TimeoutException("$cbs did not answer the put-token request.");
            receiver.Accept(response);
            ReadPutTokenResponse(response, requestId);
        }
        finally
        {
            await sender.CloseAsync();
            await receiver.CloseAsync();
        }
    }
}
