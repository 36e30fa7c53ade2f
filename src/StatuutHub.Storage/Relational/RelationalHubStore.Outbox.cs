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
        SELECT d.delivery_id, d.message_id, d.attest_id, d.version, d.destination, d.message_kind, d.state, d.attempts, v.content_json, d.trace_parent,
               {AwaitedReference}, d.ends_on
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

    /// <summary>Run in the claim's transaction before the claim, for the same reason as <see cref="DueIndexHint"/> (PostgreSQL:
    /// planner settings for this transaction only, statements that return no rows); none where the hint in the query does it.</summary>
    protected virtual IReadOnlyList<string> ClaimPlanSettings => [];

    private string DueIn(string state) => $"""
        SELECT c.delivery_id, c.due_at FROM deliveries c {DueIndexHint}
        WHERE c.state = '{state}' AND c.{PortableMigrations.ClaimableStates} AND c.due_at <= @now AND (c.lease_until IS NULL OR c.lease_until < @now) AND NOT EXISTS (
            SELECT 1 FROM deliveries e WHERE e.attest_id = c.attest_id AND e.destination = c.destination AND e.version < c.version
              AND e.state IN ('Pending', 'RetryScheduled', 'DeadLettered') AND e.message_kind <> 'Renew')
        ORDER BY c.due_at, c.delivery_id LIMIT @max
        """;

    /// <summary>For a claimed row <c>d</c>: the reference of the newest approval (of a create or an amendment: a
    /// permission, not the receipt of an end) of the destination it follows.</summary>
    protected const string AwaitedReference = """
        (SELECT p.reference FROM deliveries p
         WHERE d.waits_on IS NOT NULL AND p.attest_id = d.attest_id AND p.destination = d.waits_on AND p.state = 'Acknowledged'
           AND p.message_kind IN ('Create', 'Amend')
         ORDER BY p.version DESC LIMIT 1)
        """;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct)
    {
        return await WriteAsync(async (connection, tx, ct) =>
        {
            // Two round trips on PostgreSQL: the planner settings with the claim, the lease with the COMMIT.
            var writes = new WriteBatch(this);
            foreach (var setting in ClaimPlanSettings)
            {
                writes.Add(setting);
            }

            var claimed = await writes.ReadAsync(connection, tx, ClaimSql, r => new ClaimedDelivery(
                r.GetInt64(0), Guid.Parse(r.GetString(1)), Guid.Parse(r.GetString(2)), r.GetInt32(3),
                Destination.TryParse(r.GetString(4), out var destination)
                    ? destination
                    : throw new InvalidDataException($"Unknown destination '{r.GetString(4)}' in delivery {r.GetInt64(0)}."),
                Enum.Parse<MessageKind>(r.GetString(5)), Enum.Parse<DeliveryState>(r.GetString(6)),
                r.GetInt32(7), OpenContent(r.GetString(8)), OptionalText(r, 9), OptionalText(r, 10),
                OptionalText(r, 11) is { } endsOn ? DateOnly.ParseExact(endsOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null), ct, ("@now", Ms(now)), ("@max", max));

            if (claimed.Count > 0)
            {
                // One statement for the whole batch, not one per delivery.
                writes.Add($"UPDATE deliveries SET lease_owner = @owner, lease_until = @until WHERE delivery_id {AnyOfIds}",
                    ("@owner", owner), ("@until", Ms(leaseUntil)), ("@ids", IdsValue(claimed.Select(c => c.DeliveryId).ToArray())));
                await writes.CommitAsync(connection, tx, ct);
            }

            return (IReadOnlyList<ClaimedDelivery>)claimed;
        }, ct);
    }

    /// <summary>An attempt's result on its delivery, if this owner's lease still holds it in the state it was claimed in.</summary>
    private const string CompleteAttemptSql = """
        UPDATE deliveries SET
            state = @to, attempts = @attempts,
            due_at = COALESCE(@next, due_at),
            sent_at = CASE WHEN @to IN ('Sent', 'Acknowledged', 'Rejected') THEN COALESCE(sent_at, @finished) ELSE sent_at END,
            answer_due_at = COALESCE(@answerDue, answer_due_at),
            decided_at = CASE WHEN @to IN ('Acknowledged', 'Rejected') THEN @finished ELSE decided_at END,
            reference = COALESCE(@reference, reference),
            reason_code = COALESCE(@reason, reason_code),
            last_error = @error,
            lease_owner = NULL, lease_until = NULL, updated_at = @finished
        WHERE delivery_id = @id AND state = @from AND lease_owner = @owner
        RETURNING destination, attest_id
        """;

    /// <summary>An attempt whose delivery the agency's decision settled while the attempt waited for its answer: the facts the
    /// attempt adds (when it went, the agency's reference if the decision gave none), not its state.</summary>
    private const string AttemptAfterDecisionSql = """
        UPDATE deliveries SET sent_at = COALESCE(sent_at, @finished), reference = COALESCE(reference, @reference), updated_at = @finished
        WHERE delivery_id = @id AND state IN ('Acknowledged', 'Rejected') AND lease_owner IS NULL
        RETURNING destination, attest_id
        """;

    /// <inheritdoc />
    /// <remarks>Two round trips on PostgreSQL for an attempt that does not end its delivery, its commit included (the guarded
    /// update with its chain's head; the attempt row, the audit event, the counts and the COMMIT), where there were six.</remarks>
    public async Task<AttemptCompletion> CompleteAttemptAsync(string owner, AttemptRecord attempt, CancellationToken ct)
    {
        var finishedAt = attempt.StartedAt + attempt.Duration;
        return await WriteAsync(async (connection, tx, ct) =>
        {
            // The head is read by the statement after the update, which holds the row: it sees every event committed before.
            Task<(List<(string Destination, string AttestId)> Updated, List<string?> Head)> UpdateWithHeadAsync(string sql, (string Name, object? Value)[] parameters) =>
                ReadPairAsync(connection, tx, sql, DeliveryOfAttempt, parameters, ChainHeadByDeliverySql, r => OptionalText(r, 0), [("@id", attempt.DeliveryId)], ct);

            var (updated, head) = await UpdateWithHeadAsync(CompleteAttemptSql,
                [("@to", attempt.To.ToString()), ("@attempts", attempt.Attempts), ("@next", attempt.NextDueAt is { } n ? Ms(n) : null),
                 ("@finished", Ms(finishedAt)), ("@answerDue", attempt.AnswerDueAt is { } a ? Ms(a) : null),
                 ("@reference", attempt.Reference), ("@reason", attempt.ReasonCode), ("@error", PersonalText.Scrub(attempt.Error)),
                 ("@id", attempt.DeliveryId), ("@from", attempt.From.ToString()), ("@owner", owner)]);
            var completion = AttemptCompletion.Applied;
            if (updated.Count == 0)
            {
                // Rare: only when the decision overtook the answer. The history keeps the attempt; the decision's state stands.
                (updated, head) = await UpdateWithHeadAsync(AttemptAfterDecisionSql,
                    [("@finished", Ms(finishedAt)), ("@reference", attempt.Reference), ("@id", attempt.DeliveryId)]);
                completion = AttemptCompletion.AfterDecision;
            }

            if (updated is not [var (destination, attestId)])
            {
                return AttemptCompletion.Superseded;
            }

            var writes = new WriteBatch(this);
            writes.Add("""
                INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, outcome, error, answer)
                VALUES (@id, @no, @started, @duration, @outcome, @error, @answer)
                """,
                ("@id", attempt.DeliveryId), ("@no", attempt.Attempts), ("@started", Ms(attempt.StartedAt)),
                ("@duration", (long)attempt.Duration.TotalMilliseconds), ("@outcome", attempt.Outcome), ("@error", PersonalText.Scrub(attempt.Error)),
                ("@answer", PersonalText.Scrub(attempt.Answer)));
            var audit = completion == AttemptCompletion.Applied
                ? new AuditEntry($"Delivery{attempt.To}", attempt.AuditDetail)
                : new AuditEntry(AttemptAfterDecision, $"{attempt.AuditDetail}; de beslissing van de instantie kwam eerder binnen en blijft gelden");
            var (auditSql, auditParameters) = AuditInsert(attestId, attempt.DeliveryId, destination, audit, "dispatcher", finishedAt, head.FirstOrDefault());
            writes.Add(auditSql, auditParameters);
            if (completion == AttemptCompletion.Applied)
            {
                var deltas = new CountDeltas().Move(destination, attempt.From, attempt.To);
                if (DeliveryStateMachine.IsFinal(attempt.To))
                {
                    await SettleChainAsync(connection, tx, attestId, finishedAt, deltas, ct, before: writes);
                }

                AddCounts(writes, deltas);
            }

            await writes.CommitAsync(connection, tx, ct);
            return completion;
        }, ct);
    }

    /// <summary>The audit kind of an attempt recorded after the decision it raced with.</summary>
    private const string AttemptAfterDecision = "DeliverySentAfterDecision";

    private static (string Destination, string AttestId) DeliveryOfAttempt(System.Data.Common.DbDataReader r) => (r.GetString(0), r.GetString(1));

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
                """, r => (Id: r.GetInt64(0), Destination: r.GetString(1)), ct,
                ("@to", to.ToString()), ("@now", Ms(now)));

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
