using System.Collections.Concurrent;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;
using AttemptQueue = StatuutHub.Storage.Relational.WritesTogether<(string Owner, StatuutHub.Storage.Contract.AttemptRecord Attempt), StatuutHub.Storage.Contract.AttemptCompletion>;

namespace StatuutHub.Storage.Relational;

/// <summary>Attempt results written together (PostgreSQL): one guarded update for all with their chains' heads, then their
/// attempt rows, audit events and counts with the COMMIT: two round trips and five statements for the lot, where each result
/// alone takes two round trips and six statements. The embedded store needs none of this: its group commit already runs many
/// units in one transaction, in-process.</summary>
public abstract partial class RelationalHubStore
{
    // Set where results go together: hands a result to its WritesTogether queue.
    private Func<string, AttemptRecord, Task<AttemptCompletion>>? _attemptsTogether;

    /// <summary>From now on attempt results that arrive while others are being written go together in one unit
    /// (<see cref="WritesTogether{TItem, TResult}"/>); the caller disposes what this returns when the store closes, which
    /// writes what is queued.</summary>
    protected IAsyncDisposable RecordAttemptsTogether()
    {
        var batches = new AttemptQueue(CompleteAttemptsTogetherAsync, result => CompleteAttemptAloneAsync(result.Owner, result.Attempt, CancellationToken.None));
        _attemptsTogether = (owner, attempt) => batches.RunAsync((owner, attempt));
        return batches;
    }

    // The guarded update of n results, by n.
    private static readonly ConcurrentDictionary<int, string> CompleteAttemptsSql = new();

    /// <summary>Each result's own values in a row of <c>v</c> (cast, so a row of nulls still has its types), applied where its
    /// delivery is still leased by the owner in the state it was claimed in: the same guard and the same changes as
    /// <see cref="CompleteAttemptSql"/>, row by row. A planned renewal is left to a unit of its own (see
    /// <see cref="CompleteAttemptsTogetherAsync"/>).</summary>
    private static string CompleteAttemptsFor(int n) => CompleteAttemptsSql.GetOrAdd(n, rows => $"""
        UPDATE deliveries SET {AttemptSet(name => "v.a_" + name)}
        FROM (VALUES {string.Join(", ", Enumerable.Range(0, rows).Select(k =>
            $"(CAST(@id_{k} AS BIGINT), CAST(@from_{k} AS TEXT), CAST(@to_{k} AS TEXT), CAST(@attempts_{k} AS INTEGER), CAST(@next_{k} AS BIGINT), " +
            $"CAST(@finished_{k} AS BIGINT), CAST(@answerDue_{k} AS BIGINT), CAST(@reference_{k} AS TEXT), CAST(@reason_{k} AS TEXT), CAST(@error_{k} AS TEXT))"))})
            AS v (a_id, a_from, a_to, a_attempts, a_next, a_finished, a_answerDue, a_reference, a_reason, a_error)
        WHERE delivery_id = v.a_id AND state = v.a_from AND lease_owner = @owner AND message_kind <> 'Renew'
        RETURNING delivery_id, destination, attest_id
        """);

    private string? _chainHeadsSql;

    /// <summary>The newest audit event's hash of each delivery in <c>@ids</c>, read after the update that holds their rows.</summary>
    private string ChainHeadsSql => _chainHeadsSql ??= $"""
        SELECT d.delivery_id,
               (SELECT e.hash FROM audit_events e WHERE e.attest_id = d.attest_id AND e.delivery_id = d.delivery_id ORDER BY e.seq DESC LIMIT 1)
        FROM deliveries d WHERE d.delivery_id {AnyOfIds}
        """;

    /// <summary>Several results in one unit; for each, whether the unit applied it (the others the caller then writes alone). Taken are the
    /// results of the first one's owner that do not end their delivery (an end settles its attest's chain, which a unit of its own
    /// does), one per delivery. Applied is each whose delivery is still this owner's in the state it was claimed in and is not a
    /// planned renewal: a decision that plans a renewal locks its attest's planned renewals while it holds its own delivery, so a
    /// unit holding a renewal and waiting for that delivery could wait on a decision that waits on it.</summary>
    internal async Task<AttemptQueue.Taken[]> CompleteAttemptsTogetherAsync(IReadOnlyList<(string Owner, AttemptRecord Attempt)> results)
    {
        var done = new AttemptQueue.Taken[results.Count];
        var owner = results[0].Owner;
        var deliveries = new HashSet<long>();
        var taken = Enumerable.Range(0, results.Count)
            .Where(i => results[i].Owner == owner && !DeliveryStateMachine.IsFinal(results[i].Attempt.To) && deliveries.Add(results[i].Attempt.DeliveryId))
            .ToList();
        if (taken.Count < 2)
        {
            return done;
        }

        var applied = await WriteAsync(async (connection, tx, ct) =>
        {
            var guarded = new List<(string, object?)>((10 * taken.Count) + 1);
            for (var k = 0; k < taken.Count; k++)
            {
                AddRow(guarded, ResultValues(results[taken[k]].Attempt), k);
            }

            guarded.Add(("@owner", owner));
            var (updated, heads) = await ReadPairAsync(connection, tx,
                CompleteAttemptsFor(taken.Count), r => (Id: r.GetInt64(0), Destination: r.GetString(1), AttestId: r.GetString(2)), [.. guarded],
                ChainHeadsSql, r => (Id: r.GetInt64(0), Hash: OptionalText(r, 1)), [("@ids", IdsValue([.. deliveries]))], ct, setting: BatchPlanSetting);
            if (updated.Count == 0)
            {
                return new List<int>();
            }

            var head = heads.ToDictionary(h => h.Id, h => h.Hash);
            var rows = updated.ToDictionary(u => u.Id);
            var attempts = new List<(string, object?)>(7 * rows.Count);
            var audits = new List<(string, object?)>(9 * rows.Count);
            var deltas = new CountDeltas();
            var written = new List<int>(rows.Count);
            foreach (var i in taken)
            {
                var attempt = results[i].Attempt;
                if (rows.TryGetValue(attempt.DeliveryId, out var row))
                {
                    AddRow(attempts, AttemptValues(attempt), written.Count);
                    AddRow(audits, AuditValues(row.AttestId, attempt.DeliveryId, row.Destination, new AuditEntry($"Delivery{attempt.To}", attempt.AuditDetail),
                        "dispatcher", attempt.StartedAt + attempt.Duration, head.GetValueOrDefault(attempt.DeliveryId)), written.Count);
                    deltas.Move(row.Destination, attempt.From, attempt.To);
                    written.Add(i);
                }
            }

            var writes = new WriteBatch(this);
            writes.Add(ManyRows(InsertAttemptSql, written.Count), [.. attempts]);
            writes.Add(ManyRows(InsertAuditSql, written.Count), [.. audits]);
            AddCounts(writes, deltas);
            await writes.CommitAsync(connection, tx, ct);
            return written;
        }, CancellationToken.None);
        foreach (var i in applied)
        {
            done[i] = new AttemptQueue.Taken(true, AttemptCompletion.Applied);
        }

        return done;
    }
}
