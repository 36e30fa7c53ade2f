using System.Data.Common;
using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Storage.Relational;

/// <summary>Exact delivery counts per destination and state, kept in the same transaction as every state change.</summary>
public abstract partial class RelationalHubStore
{
    private const int CounterSlots = 16;

    /// <summary>Keeps <c>delivery_counters</c> exact in the same transaction as the state change, so the
    /// overview never counts a million rows. Each count is spread over <see cref="CounterSlots"/> rows
    /// (summed on read) so concurrent writers on PostgreSQL rarely wait for the same row; deltas are
    /// applied last and in one sorted order, so two writers never take counter rows in opposite orders.</summary>
    private async Task CountsAsync(DbConnection c, DbTransaction tx, CountDeltas deltas, CancellationToken ct)
    {
        var slot = Random.Shared.Next(CounterSlots);
        foreach (var ((destination, state), n) in deltas.Sorted())
        {
            await ExecAsync(c, tx, """
                INSERT INTO delivery_counters (destination, state, slot, n) VALUES (@d, @s, @slot, @n)
                ON CONFLICT (destination, state, slot) DO UPDATE SET n = delivery_counters.n + excluded.n
                """, ct, ("@d", destination), ("@s", state), ("@slot", slot), ("@n", n));
        }
    }

    /// <summary>Counter changes collected during one transaction.</summary>
    private sealed class CountDeltas
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
}
