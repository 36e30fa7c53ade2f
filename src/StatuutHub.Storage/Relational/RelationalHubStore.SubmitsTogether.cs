using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;
using SubmitQueue = StatuutHub.Storage.Relational.WritesTogether<StatuutHub.Storage.Relational.RelationalHubStore.PreparedSubmission, StatuutHub.Storage.Contract.WriteResult>;

namespace StatuutHub.Storage.Relational;

/// <summary>New attests written together (PostgreSQL): the locks of all of them with their rows and their people's other attests
/// in one round trip, then every new attest's rows as multi-row inserts with one count statement and the COMMIT. Each submission
/// is judged as it would be alone, against its person's other attests as they stand under the lock. The embedded store needs
/// none of this: its group commit already runs many submissions in one transaction, in-process.</summary>
public abstract partial class RelationalHubStore
{
    // Set where submissions go together: hands one to its WritesTogether queue.
    private Func<PreparedSubmission, Task<WriteResult>>? _submitsTogether;

    /// <summary>From now on submissions that arrive while others are being written go together in one unit; the caller disposes
    /// what this returns when the store closes, which writes what is queued.</summary>
    protected IAsyncDisposable SubmitTogether()
    {
        var queue = new SubmitQueue(SubmitTogetherAsync, prepared => SubmitAloneAsync(prepared, CancellationToken.None));
        _submitsTogether = queue.RunAsync;
        return queue;
    }

    /// <summary>The locks of several submissions in one statement, in one order for every writer (every attest id before any
    /// person, each class by key), so that writers taking several cannot deadlock with each other or with
    /// <see cref="SubmitLock"/>; null where the write transaction already admits one writer at a time.</summary>
    protected virtual (string Sql, (string Name, object? Value)[] Parameters)? SubmitLocks(string[] attestIds, string[] inszLookups) => null;

    /// <summary>The active attests of the people in <c>@keys</c> (look-up hashes, or the INSZ in clear as older rows hold it), oldest
    /// first, with what <see cref="ConcurrentSql"/> filters on; each submission keeps those <see cref="ConcurrentSql"/> would give it.
    /// One look-up per key, as the single unit's (<c>OFFSET 0</c> keeps the planner from folding them into one scan): with
    /// <c>insz = ANY(@keys)</c> PostgreSQL judged a sequential scan cheaper up to thousands of rows, and it was not (23 ms for
    /// 4,196 rows and 60 keys, every key compared with every row).</summary>
    private const string ConcurrentOfManySql = """
        SELECT a.insz, a.attest_id, a.start_date, a.end_date, v.content_json, a.current_version FROM unnest(@keys) AS k(insz)
        CROSS JOIN LATERAL (
            SELECT a.insz, a.attest_id, a.start_date, a.end_date, a.current_version, a.created_at FROM attests a
            WHERE a.insz = k.insz AND a.cancelled = 0 AND a.purged_at IS NULL OFFSET 0) a
        JOIN attest_versions v ON v.attest_id = a.attest_id AND v.version = a.current_version
        ORDER BY a.created_at
        """;

    /// <summary>Several submissions in one unit; for each, whether the unit took it. Taken are submissions of different attest ids
    /// and different people (a second one for the same person waits for a unit that sees the first); of those, one whose attest id
    /// is already stored is left for a unit of its own, which tells a repeat from a reuse.</summary>
    internal async Task<SubmitQueue.Taken[]> SubmitTogetherAsync(IReadOnlyList<PreparedSubmission> submissions)
    {
        var taken = new SubmitQueue.Taken[submissions.Count];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var people = new HashSet<string>(StringComparer.Ordinal);
        var chosen = Enumerable.Range(0, submissions.Count).Where(i => ids.Add(submissions[i].Id) & people.Add(submissions[i].Lookup)).ToList();
        var chosenIds = chosen.Select(i => submissions[i].Id).ToArray();
        if (chosen.Count < 2 || SubmitLocks(chosenIds, [.. chosen.Select(i => submissions[i].Lookup)]) is not { } locks)
        {
            return taken;
        }

        var keys = chosen.SelectMany(i => new[] { submissions[i].Lookup, submissions[i].Submission.Attest.Participant.Insz.Value }).Distinct().ToArray();
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var (stored, others) = await ReadPairAsync(connection, tx,
                "SELECT attest_id FROM attests WHERE attest_id = ANY(@ids)", r => r.GetString(0), [("@ids", chosenIds)],
                ConcurrentOfManySql, r => (Insz: r.GetString(0), AttestId: r.GetString(1), Start: r.GetString(2), End: r.GetString(3), Content: r.GetString(4), Version: r.GetInt32(5)),
                [("@keys", keys)], ct, prelude: locks, setting: BatchPlanSetting);
            var rows = new AttestRows(InsertsRowsTogether);
            foreach (var i in chosen)
            {
                var prepared = submissions[i];
                var attest = prepared.Submission.Attest;
                if (stored.Contains(prepared.Id))
                {
                    continue;
                }

                var (from, to, clear) = (ConcurrentFrom(attest), ConcurrentTo(attest), attest.Participant.Insz.Value);
                var theirs = others
                    .Where(o => (o.Insz == prepared.Lookup || o.Insz == clear) && o.AttestId != prepared.Id
                        && string.CompareOrdinal(o.Start, to) <= 0 && string.CompareOrdinal(o.End, from) >= 0)
                    .Select(o => OpenContent(o.Content, o.AttestId, o.Version)).ToList();
                if (prepared.Submission.Admit(attest, theirs) is { } conflict)
                {
                    taken[i] = new SubmitQueue.Taken(true, Refused(attest, conflict));
                    continue;
                }

                rows.Add(prepared);
                taken[i] = new SubmitQueue.Taken(true, Accepted(attest));
            }

            if (rows.Count > 0)
            {
                await CommitNewAttestsAsync(connection, tx, rows, ct);
            }

            return taken;
        }, CancellationToken.None);
    }
}
