using System.Net;
using System.Net.Sockets;

namespace StatuutHub.Application.Callbacks;

/// <summary>The connection rule of the callback client: resolve the name, refuse every non-public address unless
/// <see cref="CallbackOptions.AllowPrivateNetworks"/>, connect to the first allowed one. Checked per connection, after DNS, so a
/// registered name that later resolves to an inside address (DNS rebinding) is refused too.</summary>
public static class CallbackConnections
{
    /// <summary>A handler for the callback client.</summary>
    public static SocketsHttpHandler Handler(CallbackOptions options) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false, // a redirect could lead inward
        UseProxy = false, // with HTTPS_PROXY set the address check would see only the proxy, and the proxy would reach inward
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, options.AllowPrivateNetworks, ct),
    };

    /// <summary>Connects to <paramref name="endpoint"/> if one of its addresses may be reached.</summary>
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        var allowed = addresses.Where(a => allowPrivate || CallbackAddresses.IsPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new CallbackAddressRefusedException($"callback address {endpoint.Host} resolves only to non-public addresses ({string.Join(", ", addresses.Select(a => a.ToString()))}): refused");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The callback's address resolves inward: permanent, the same address would be refused again.</summary>
public sealed class CallbackAddressRefusedException(string message) : Exception(message);
