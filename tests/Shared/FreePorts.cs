using System.Net;
using System.Net.Sockets;

namespace StatuutHub.Tests.Shared;

/// <summary>Loopback ports for servers a test starts on a port of its choosing (a hub process, PostgreSQL, RabbitMQ).</summary>
/// <remarks>Asking the kernel for port 0 and closing it again hands out an ephemeral port, and the kernel may give that very port
/// to the next outgoing connection or port-0 listener on the machine before the server binds it (a CI run lost a demo hub that
/// way to its own agencies). So the ports come from below the kernel's ephemeral range, which nothing is handed automatically,
/// drawn at random (test assemblies run in parallel processes), checked free, and never handed out twice by one process.</remarks>
public static class FreePorts
{
    private const int Lowest = 10_000;
    private static readonly HashSet<int> Given = [];
    private static readonly Lock Gate = new();

    /// <summary>A loopback port nobody listens on right now, outside the ephemeral range.</summary>
    public static int Next()
    {
        var highest = EphemeralStart() - 1;
        lock (Gate)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(Lowest, highest + 1);
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"no free loopback port between {Lowest} and {highest}");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The first port of <c>/proc/sys/net/ipv4/ip_local_port_range</c> (Linux's default 32768 elsewhere).</summary>
    private static int EphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var first = File.Exists(range) ? File.ReadAllText(range).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        return int.TryParse(first, System.Globalization.CultureInfo.InvariantCulture, out var start) && start > Lowest + 1_000 ? start : 32_768;
    }
}
