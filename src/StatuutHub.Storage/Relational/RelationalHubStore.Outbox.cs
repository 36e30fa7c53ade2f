using System.Data.Common;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Storage.Relational;

/// <summary>The outbox as the dispatcher uses it: leased claims, attempt results, overdue answers.</summary>
public abstract partial class RelationalHubStore
{
    private string? _claimSql;

    /// <summary>Due, unleased deliveries whose earlier versions for the same destination are all sent (a planned renewal of an
    /// earlier version does not hold a later message back), oldest first, with their attest content: columns delivery_id,
    /// message_id, attest_id, version, destination, message_kind, state, attempts, content_json, trace_parent, the reference
    /// of the approval a chained delivery waited for, and ends_on; parameters @now and @max.</summary>
    /// <remarks>Each state is walked in its (state, due_at, delivery_id) index order and stops at @max rows that qualify, so a claim costs
    /// the same with a backlog of 20,000 as with 20 (sorting every due row before the LIMIT cost 5 s on a 1M store and 68 ms
    /// per claim on PostgreSQL under load); the attest content is read for the chosen rows only. The outer WHERE repeats
    /// state and lease: PostgreSQL re-checks it on the locked row, so a row another process claimed since this statement's
    /// snapshot is passed over, not claimed twice.</remarks>
    private string ClaimSql => _claimSql ??= $"""
        SELECT {ClaimedColumns}
        FROM (
            SELECT delivery_id, due_at FROM ({DueIn("Pending")}) pending
            UNION ALL
            SELECT delivery_id, due_at FROM ({DueIn("RetryScheduled")}) retrying
            ORDER BY due_at, delivery_id LIMIT @max) chosen
        JOIN deliveries d ON d.delivery_id = chosen.delivery_id
        JOIN attest_versions v ON v.attest_id = d.attest_id AND v.version = d.version
        WHERE d.state IN ('Pending', 'RetryScheduled') AND (d.lease_until IS NULL OR d.lease_until < @now)
        ORDER BY chosen.due_at, chosen.delivery_id
        """ + ClaimLock;

    /// <summary>SQLite: <c>INDEXED BY deliveries_due</c>, so its planner walks the due index rather than the attest's.</summary>
    protected virtual string DueIndexHint => string.Empty;

    /// <summary>SQLite: <c>INDEXED BY deliveries_by_attest</c>, for an attest's deliveries in one state. Without statistics its
    /// planner rates "this attest" as selective as "this state" (or "this destination in this state") and walks every such
    /// delivery of the store; the attest has a handful. PostgreSQL keeps an (attest_id, state) index instead (see SqliteMigrations).</summary>
    protected virtual string ByAttestHint => string.Empty;

    /// <summary>Run in the claim's transaction before the claim, for the same reason as <see cref="DueIndexHint"/> (PostgreSQL:
    /// planner settings for this transaction only, statements that return no rows); none where the hint in the query does it.</summary>
    protected virtual IReadOnlyList<string> ClaimPlanSettings => [];

    // An earlier unsent version of the same destination holds a row back. Asked as "its first such version is null" in the
    // attest's index order rather than NOT EXISTS: with the sorts the claim's transaction turns off (ClaimPlanSettings), the
    // attest's index is then the only plan. NOT EXISTS let PostgreSQL, on statistics from before a backlog, pick the
    // (destination, state) index and read every Pending row of the destination for each candidate: 745 ms for a claim of
    // 256 with 3,211 Pending rows per destination (auto_explain), 2 ms with the attest's index.
    private string DueIn(string state) => $"""
        SELECT c.delivery_id, c.due_at FROM deliveries c {DueIndexHint}
        WHERE c.state = '{state}' AND c.{PortableMigrations.ClaimableStates} AND c.due_at <= @now AND (c.lease_until IS NULL OR c.lease_until < @now) AND (
            SELECT e.version FROM deliveries e WHERE e.attest_id = c.attest_id AND e.destination = c.destination AND e.version < c.version
              AND e.state IN ('Pending', 'RetryScheduled', 'DeadLettered') AND e.message_kind <> 'Renew'
            ORDER BY e.attest_id, e.destination, e.version LIMIT 1) IS NULL
        ORDER BY c.due_at, c.delivery_id LIMIT @max
        """;

    /// <summary>What <see cref="ReadClaimed"/> reads of a delivery <c>d</c> and its version <c>v</c>; awaited_reference is the reference
    /// of the newest approval (of a create or an amendment: a permission, not the receipt of an end) of the destination it follows.</summary>
    private const string ClaimedColumns = """
        d.delivery_id, d.message_id, d.attest_id, d.version, d.destination, d.message_kind, d.state, d.attempts, v.content_json, d.trace_parent,
        (SELECT p.reference FROM deliveries p
         WHERE d.waits_on IS NOT NULL AND p.attest_id = d.attest_id AND p.destination = d.waits_on AND p.state = 'Acknowledged'
           AND p.message_kind IN ('Create', 'Amend')
         ORDER BY p.version DESC LIMIT 1) AS awaited_reference,
        d.ends_on
        """;

    private static ClaimedDelivery ReadClaimed(Row r, Attest content) => new(
        r.Long("delivery_id"), r.Id("message_id"), r.Id("attest_id"), r.Int("version"),
        Destination.TryParse(r.Text("destination"), out var destination)
            ? destination
            : throw new InvalidDataException($"Unknown destination '{r.Text("destination")}' in delivery {r.Long("delivery_id")}."),
        r.Enum<MessageKind>("message_kind"), r.Enum<DeliveryState>("state"), r.Int("attempts"), content,
        r.OptionalText("trace_parent"), r.OptionalText("awaited_reference"), r.OptionalDay("ends_on"));

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct)
    {
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var writes = new WriteBatch(this);
            foreach (var setting in ClaimPlanSettings)
            {
                writes.Add(setting);
            }

            await writes.RunAsync(connection, tx, ct);

            // The deliveries of one attest version are usually claimed together and share its content: opened once (an attest is immutable).
            var contents = new Dictionary<(string AttestId, int Version), Attest>();
            Attest ContentOf(Row r)
            {
                var key = (r.Text("attest_id"), r.Int("version"));
                if (!contents.TryGetValue(key, out var attest))
                {
                    contents[key] = attest = OpenContent(r.Text("content_json"), key.Item1, key.Item2);
                }

                return attest;
            }

            var claimed = await ReadAllAsync(connection, tx, ClaimSql, r => ReadClaimed(r, ContentOf(r)), ct, ("@now", now), ("@max", max));

            foreach (var delivery in claimed)
            {
                writes.Add("UPDATE deliveries SET lease_owner = @owner, lease_until = @until WHERE delivery_id = @id",
                    ("@owner", owner), ("@until", leaseUntil), ("@id", delivery.DeliveryId));
            }

            await writes.RunAsync(connection, tx, ct);

            return (IReadOnlyList<ClaimedDelivery>)claimed;
        }, ct);
    }

    /// <inheritdoc />
    public async Task<int> MarkOverdueAsync(DateTimeOffset now, AuditEntry audit, CancellationToken ct)
    {
        // One set-based move for every late answer; the state machine allows exactly this move (Sent, AnswerTimeExpired).
        var to = DeliveryStateMachine.Apply(DeliveryState.Sent, DeliveryEvent.AnswerTimeExpired);
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var moved = await ReadAllAsync(connection, tx, $"""
                UPDATE deliveries SET state = @to, updated_at = @now
                WHERE {PortableMigrations.AwaitingAnswer} AND answer_due_at <= @now
                RETURNING delivery_id, destination
                """, r => (Id: r.Long("delivery_id"), Destination: r.Text("destination")), ct,
                ("@to", to.ToString()), ("@now", now));

            var deltas = new CountDeltas();
            foreach (var (id, destination) in moved)
            {
                await AuditForDeliveryAsync(connection, tx, id, audit, "overdue-scan", now, ct);
                deltas.Move(destination, DeliveryState.Sent, to);
            }

            await CountsAsync(connection, tx, deltas, ct);
            return moved.Count;
        }, ct);
    }
}
