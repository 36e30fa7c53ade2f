using System.Threading.Channels;

namespace StatuutHub.Delivery.Dispatch;

/// <summary>Wakes the dispatcher when new work is stored, so a fresh attest does not wait for the next poll.</summary>
public sealed class DispatchSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Say that work is waiting. Never blocks; many wakes collapse into one.</summary>
    public void Wake() => _channel.Writer.TryWrite(true);

    /// <summary>Completes at the next wake.</summary>
    public async Task WaitAsync(CancellationToken ct) => await _channel.Reader.ReadAsync(ct);
}
