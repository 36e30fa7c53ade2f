using System.Text.Json;

namespace StatuutHub.Agencies.Simulator;

/// <summary>What a simulated agency must not forget when the process that hosts it dies: the messages it received, the
/// decisions it made and which of them it has posted. One JSON line per event, appended and flushed at once; read back at
/// start, so a demo crash shows the hub's guarantees rather than the simulator's amnesia.</summary>
internal sealed class AgencyJournal : IDisposable
{
    private static readonly JsonSerializerOptions Json = new();
    private readonly Lock _gate = new();
    private readonly StreamWriter _writer;

    private AgencyJournal(string path, IReadOnlyList<JournalEntry> replayed)
    {
        Replayed = replayed;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    /// <summary>The events of earlier runs, oldest first.</summary>
    public IReadOnlyList<JournalEntry> Replayed { get; }

    public static AgencyJournal Open(string path)
    {
        var entries = new List<JournalEntry>();
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
            {
                try
                {
                    entries.Add(JsonSerializer.Deserialize<JournalEntry>(line, Json)!);
                }
                catch (JsonException)
                {
                    // The last line of a process killed mid-write: the event did not happen for anyone.
                }
            }
        }

        return new AgencyJournal(path, entries);
    }

    public void Append(JournalEntry entry)
    {
        var line = JsonSerializer.Serialize(entry, Json);
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>One event: a message received, a decision made (posted at <see cref="PostAt"/>, final at <see cref="DecidedAt"/>),
/// or a decision posted.</summary>
internal sealed record JournalEntry(string Event, Guid MessageId)
{
    public const string ReceivedEvent = "received";
    public const string DecidedEvent = "decided";
    public const string PostedEvent = "posted";

    public ReceivedMessage? Received { get; init; }

    public PendingDecision? Decision { get; init; }

    public PendingDecision? Final { get; init; }

    public DateTimeOffset PostAt { get; init; }

    public DateTimeOffset DecidedAt { get; init; }
}
