using System.Data.Common;
using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Storage.Relational;

/// <summary>Exact delivery counts per destination and state, kept in the same transaction as every state change.</summary>
public abstract partial class RelationalHubStore
{
    private static readonly string?[] CounterUpserts = new string?[64];

    /// <summary>Keeps <c>delivery_counters</c> exact in the same transaction as the state change, so the
    /// overview never counts a million rows. Each count is spread over <see cref="CounterSlots"/> rows
    /// (summed on read) so concurrent writers on PostgreSQL rarely wait for the same row; deltas are
    /// applied last, in one statement and in one sorted order, so two writers never take counter rows in
    /// opposite orders and the transaction holds them for as short as it can.</summary>
    private async Task CountsAsync(DbConnection c, DbTransaction tx, CountDeltas deltas, CancellationToken ct)
    {
        var writes = new WriteBatch(this);
        AddCounts(writes, deltas);
        await writes.RunAsync(c, tx, ct);
    }

    /// <summary>Where the store's single writer sums the count changes of the units that share a commit, to write them in one
    /// statement just before that commit (see <see cref="CountsPerCommit"/>); null where each unit writes its own.</summary>
    private CountsPerCommit? _countsPerCommit;

    /// <summary>From now on the count changes of each unit are kept for its group commit's one statement (the embedded store).</summary>
    private protected CountsPerCommit CountPerCommit() => _countsPerCommit = new CountsPerCommit(this);

    /// <summary><see cref="CounterStatement"/> and, now and then, the fold, added to a batch of writes; or, where units share a
    /// commit, kept for that commit's one statement.</summary>
    private void AddCounts(WriteBatch writes, CountDeltas deltas)
    {
        if (_countsPerCommit is { } perCommit)
        {
            perCommit.Add(deltas);
            return;
        }

        if (CounterStatement(deltas) is var (sql, parameters))
        {
            writes.Add(sql, parameters);
            if (FoldsNow())
            {
                writes.Add(CounterFold!, ("@slot", Random.Shared.Next(CounterSlots)));
            }
        }
    }

    /// <summary>The one upsert of <paramref name="deltas"/>, or null when nothing changed.</summary>
    private (string Sql, (string, object?)[] Parameters)? CounterStatement(CountDeltas deltas)
    {
        var rows = deltas.Sorted().ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var parameters = new List<(string, object?)>(1 + (3 * rows.Count)) { ("@slot", CounterSlot()) };
        for (var i = 0; i < rows.Count; i++)
        {
            parameters.Add(($"@d{i}", rows[i].Key.Destination));
            parameters.Add(($"@s{i}", rows[i].Key.State));
            parameters.Add(($"@n{i}", rows[i].Value));
        }

        return (CounterUpsert(rows.Count), [.. parameters]);
    }

    /// <summary>The slot this transaction's deltas go to.</summary>
    protected virtual int CounterSlot() => Random.Shared.Next(CounterSlots);

    /// <summary>A statement the store runs now and then in a counting transaction to fold loose delta rows into the slots
    /// (PostgreSQL, see its <see cref="CounterSlot"/>); null where deltas go straight to their slot.</summary>
    protected virtual string? CounterFold => null;

    private long _countingTransactions;

    /// <summary>Whether this counting transaction also folds (every 64th of the process, so the loose rows stay few).</summary>
    private bool FoldsNow() => CounterFold is not null && Interlocked.Increment(ref _countingTransactions) % 64 == 0;

    private static string CounterUpsert(int rows)
    {
        var sql = rows < CounterUpserts.Length ? CounterUpserts[rows] : null;
        if (sql is null)
        {
            sql = "INSERT INTO delivery_counters (destination, state, slot, n) VALUES "
                + string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@d{i}, @s{i}, @slot, @n{i})"))
                + " ON CONFLICT (destination, state, slot) DO UPDATE SET n = delivery_counters.n + excluded.n";
            if (rows < CounterUpserts.Length)
            {
                CounterUpserts[rows] = sql;
            }
        }

        return sql;
    }

    /// <summary>The count changes of the units of one group commit, summed and written in one statement before the commit
    /// instead of one per unit: the counters are read only by other connections, which see nothing of the transaction before it
    /// commits, so they see the same counts. A unit's changes count only once it is kept (a unit undone in its savepoint takes
    /// its changes with it), and a batch undone as a whole takes all of them.</summary>
    private protected sealed class CountsPerCommit(RelationalHubStore store) : ISharedBeforeCommit
    {
        private CountDeltas _unit = new();
        private CountDeltas _batch = new();

        public void Add(CountDeltas deltas) => _unit.AddAll(deltas);

        /// <inheritdoc />
        public void UnitDone(bool kept)
        {
            if (kept)
            {
                _batch.AddAll(_unit);
            }

            _unit = new CountDeltas();
        }

        /// <inheritdoc />
        public async Task WriteAsync(DbConnection connection, DbTransaction tx)
        {
            if (store.CounterStatement(_batch) is var (sql, parameters))
            {
                await store.ExecAsync(connection, tx, sql, CancellationToken.None, parameters);
            }
        }

        /// <inheritdoc />
        public void Clear()
        {
            _unit = new CountDeltas();
            _batch = new CountDeltas();
        }
    }

    /// <summary>Counter changes collected during one transaction.</summary>
    private protected sealed class CountDeltas
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

        public void AddAll(CountDeltas other)
        {
            foreach (var ((destination, state), n) in other._deltas)
            {
                Add(destination, state, n);
            }
        }

        public IEnumerable<KeyValuePair<(string Destination, string State), long>> Sorted() =>
            _deltas.Where(d => d.Value != 0).OrderBy(d => d.Key.Destination, StringComparer.Ordinal).ThenBy(d => d.Key.State, StringComparer.Ordinal);

        private void Add(string destination, string state, long n) =>
            _deltas[(destination, state)] = _deltas.GetValueOrDefault((destination, state)) + n;
    }
}
