using System.Data.Common;
using System.Runtime.CompilerServices;
using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>Keeps <c>delivery_counters</c> exact in the same transaction as every state change, so the overview never counts a
/// million rows. Each count is spread over the engine's <see cref="Database.CounterSlots"/> rows (summed on read). Each writer
/// connection adds to a slot of its own, the next one after the process's random start, so a process's two writers never take
/// the same counter row and several processes rarely do; the units of one group-commit batch all add to that one row. (A slot drawn
/// per unit had a batch of hundreds take most slots in no order, and two writers' batches then waited for each other.) A unit
/// writes its changes last, in one statement and in one sorted order.</summary>
internal sealed class DeliveryCounts(Database db)
{
    private readonly ConditionalWeakTable<DbConnection, StrongBox<int>> _slots = [];
    private int _lastSlot = Random.Shared.Next(1 << 20);

    /// <summary>Writes <paramref name="deltas"/> now.</summary>
    public async Task WriteAsync(DbConnection c, DbTransaction tx, CountDeltas deltas, CancellationToken ct)
    {
        var writes = new Database.WriteBatch(db);
        AddTo(writes, deltas, c);
        await writes.RunAsync(c, tx, ct);
    }

    /// <summary>The one upsert of <paramref name="deltas"/>, if anything changed, added to <paramref name="writes"/>.</summary>
    public void AddTo(Database.WriteBatch writes, CountDeltas deltas, DbConnection c)
    {
        var rows = deltas.Sorted().ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var parameters = new List<(string, object?)>(1 + (3 * rows.Count)) { ("@slot", SlotOf(c)) };
        for (var i = 0; i < rows.Count; i++)
        {
            parameters.Add(($"@d{i}", rows[i].Key.Destination));
            parameters.Add(($"@s{i}", rows[i].Key.State));
            parameters.Add(($"@n{i}", rows[i].Value));
        }

        writes.Add(Upsert(rows.Count), [.. parameters]);
    }

    internal int SlotOf(DbConnection c) => _slots.GetValue(c, _ => new StrongBox<int>(Interlocked.Increment(ref _lastSlot) % db.CounterSlots)).Value;

    private static string Upsert(int rows) =>
        "INSERT INTO delivery_counters (destination, state, slot, n) VALUES "
        + string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@d{i}, @s{i}, @slot, @n{i})"))
        + " ON CONFLICT (destination, state, slot) DO UPDATE SET n = delivery_counters.n + excluded.n";
}

/// <summary>Counter changes collected during one transaction.</summary>
internal sealed class CountDeltas
{
    private readonly Dictionary<(string Destination, string State), long> _deltas = [];

    public CountDeltas Move(string destination, DeliveryState? from, DeliveryState to)
    {
        if (from is { } f)
        {
            Add(destination, f.ToString(), -1);
        }

        Add(destination, to.ToString(), 1);
        return this;
    }

    public IEnumerable<KeyValuePair<(string Destination, string State), long>> Sorted() =>
        _deltas.Where(d => d.Value != 0).OrderBy(d => d.Key.Destination, StringComparer.Ordinal).ThenBy(d => d.Key.State, StringComparer.Ordinal);

    private void Add(string destination, string state, long n) =>
        _deltas[(destination, state)] = _deltas.GetValueOrDefault((destination, state)) + n;
}
