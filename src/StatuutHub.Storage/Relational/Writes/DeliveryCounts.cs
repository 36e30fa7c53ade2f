using System.Data.Common;
using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>Keeps <c>delivery_counters</c> exact in the same transaction as every state change, so the overview never counts a
/// million rows. Each count is spread over the engine's <see cref="Database.CounterSlots"/> rows (summed on read), so concurrent
/// writers on PostgreSQL rarely wait for the same row; a unit writes its changes last, in one statement and in one sorted order,
/// so two writers never take counter rows in opposite orders and each holds them as briefly as it can.</summary>
internal sealed class DeliveryCounts(Database db)
{
    /// <summary>Writes <paramref name="deltas"/> now.</summary>
    public async Task WriteAsync(DbConnection c, DbTransaction tx, CountDeltas deltas, CancellationToken ct)
    {
        var writes = new Database.WriteBatch(db);
        AddTo(writes, deltas);
        await writes.RunAsync(c, tx, ct);
    }

    /// <summary>The one upsert of <paramref name="deltas"/>, if anything changed, added to <paramref name="writes"/>.</summary>
    public void AddTo(Database.WriteBatch writes, CountDeltas deltas)
    {
        var rows = deltas.Sorted().ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var parameters = new List<(string, object?)>(1 + (3 * rows.Count)) { ("@slot", Random.Shared.Next(db.CounterSlots)) };
        for (var i = 0; i < rows.Count; i++)
        {
            parameters.Add(($"@d{i}", rows[i].Key.Destination));
            parameters.Add(($"@s{i}", rows[i].Key.State));
            parameters.Add(($"@n{i}", rows[i].Value));
        }

        writes.Add(Upsert(rows.Count), [.. parameters]);
    }

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
