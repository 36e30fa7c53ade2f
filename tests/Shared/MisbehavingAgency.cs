using System.Net;
using System.Net.Sockets;

namespace StatuutHub.Tests.Shared;

/// <summary>An agency that misbehaves below HTTP, where WireMock cannot: on a free loopback port it accepts each connection and
/// then either resets it (RST, as a crashed peer or a firewall does) or holds it open without ever answering. Stopped on dispose.</summary>
public sealed class MisbehavingAgency : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _held = [];
    private readonly Task _loop;
    private int _connections;

    public MisbehavingAgency(bool hang)
    {
        Hang = hang;
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>True: hold connections open, silent; false: reset them.</summary>
    public bool Hang { get; }

    /// <summary>Where the hub should send to.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                if (Hang)
                {
                    lock (_held)
                    {
                        _held.Add(socket);
                    }

                    continue;
                }

                // Read what the hub sent, then close with linger 0: the kernel answers with RST, not FIN.
                var buffer = new byte[4096];
                await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(s => s.Dispose());
        }

        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
