using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>An attempt's result on its delivery, in one unit with its attempt row, audit event and counts, if this owner's lease
/// still holds the delivery in the state it was claimed in. When the agency's decision overtook the answer, the attempt adds its
/// facts (when it went, the reference) and the history, not its state.</summary>
internal sealed class CompleteAttempt(Database db, AuditAppend audit, ChainWrites chain, DeliveryCounts counts)
{
    /// <summary>The audit kind of an attempt recorded after the decision it raced with.</summary>
    private const string AfterDecisionKind = "DeliverySentAfterDecision";

    private const string ApplySql = """
        UPDATE deliveries SET state = @to, attempts = @attempts,
            due_at = COALESCE(@next, due_at),
            sent_at = COALESCE(sent_at, @sentAt),
            answer_due_at = COALESCE(@answerDue, answer_due_at),
            decided_at = COALESCE(@decidedAt, decided_at),
            reference = COALESCE(@reference, reference),
            reason_code = COALESCE(@reason, reason_code),
            last_error = @error,
            lease_owner = NULL, lease_until = NULL, updated_at = @finished
        WHERE delivery_id = @id AND state = @from AND lease_owner = @owner
        RETURNING destination, attest_id
        """;

    private const string AfterDecisionSql = """
        UPDATE deliveries SET sent_at = COALESCE(sent_at, @finished), reference = COALESCE(reference, @reference), updated_at = @finished
        WHERE delivery_id = @id AND state = @decided AND lease_owner IS NULL
        RETURNING destination, attest_id
        """;

    private const string InsertAttemptSql = """
        INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, outcome, error, answer)
        VALUES (@id, @no, @started, @duration, @outcome, @error, @answer)
        """;

    public async Task<AttemptCompletion> RunAsync(string owner, AttemptRecord attempt, CancellationToken ct)
    {
        var finishedAt = attempt.StartedAt + attempt.Duration;
        return await db.WriteAsync(async (connection, tx, ct) =>
        {
            Task<(List<(string Destination, string AttestId)> Rows, string? Head)> UpdateWithHeadAsync(string sql, (string Name, object? Value)[] parameters) =>
                audit.ReadWithHeadAsync(connection, tx, sql, r => (r.Text("destination"), r.Text("attest_id")), parameters,
                    AuditAppend.HeadByDeliverySql, [("@id", attempt.DeliveryId)], ct);

            var (updated, head) = await UpdateWithHeadAsync(ApplySql, [.. ResultValues(attempt, finishedAt), ("@owner", owner)]);
            var completion = AttemptCompletion.Applied;
            if (updated.Count == 0)
            {
                // Rare: only when the decision overtook the answer. The history keeps the attempt; the decision's state stands.
                var state = await db.ScalarAsync<string?>(connection, tx, "SELECT state FROM deliveries WHERE delivery_id = @id", ct, ("@id", attempt.DeliveryId));
                if (state is not null && DeliveryStateMachine.IsDecided(Enum.Parse<DeliveryState>(state)))
                {
                    (updated, head) = await UpdateWithHeadAsync(AfterDecisionSql,
                        [("@finished", finishedAt), ("@reference", attempt.Reference), ("@id", attempt.DeliveryId), ("@decided", state)]);
                    completion = AttemptCompletion.AfterDecision;
                }
            }

            if (updated is not [var (destination, attestId)])
            {
                return AttemptCompletion.Superseded;
            }

            var writes = new Database.WriteBatch(db);
            writes.Add(InsertAttemptSql, ("@id", attempt.DeliveryId), ("@no", attempt.Attempts), ("@started", attempt.StartedAt),
                ("@duration", (long)attempt.Duration.TotalMilliseconds), ("@outcome", attempt.Outcome), ("@error", PersonalText.Scrub(attempt.Error)),
                ("@answer", PersonalText.Scrub(attempt.Answer)));
            var entry = completion == AttemptCompletion.Applied
                ? new AuditEntry($"Delivery{attempt.To}", attempt.AuditDetail)
                : new AuditEntry(AfterDecisionKind, $"{attempt.AuditDetail}; de beslissing van de instantie kwam eerder binnen en blijft gelden");
            writes.Add(AuditAppend.InsertSql, AuditAppend.Values(attestId, attempt.DeliveryId, destination, entry, "dispatcher", finishedAt, head));
            if (completion == AttemptCompletion.Applied)
            {
                var deltas = new CountDeltas().Move(destination, attempt.From, attempt.To);
                if (DeliveryStateMachine.IsFinal(attempt.To))
                {
                    await writes.RunAsync(connection, tx, ct); // the chain rules read the delivery as decided
                    await chain.SettleAsync(connection, tx, attestId, finishedAt, deltas, ct);
                }

                counts.AddTo(writes, deltas, connection);
            }

            await writes.RunAsync(connection, tx, ct);
            return completion;
        }, ct);
    }

    /// <summary>The values an attempt's result sets and the delivery and state it applies to; when it went and when it was decided
    /// follow from the state it reached, as the domain says.</summary>
    private static (string, object?)[] ResultValues(AttemptRecord attempt, DateTimeOffset finished) =>
        [("@id", attempt.DeliveryId), ("@from", attempt.From.ToString()), ("@to", attempt.To.ToString()), ("@attempts", attempt.Attempts),
         ("@next", attempt.NextDueAt), ("@finished", finished),
         ("@sentAt", DeliveryStateMachine.ReachedBody(attempt.To) ? finished : null), ("@decidedAt", DeliveryStateMachine.IsDecided(attempt.To) ? finished : null),
         ("@answerDue", attempt.AnswerDueAt), ("@reference", attempt.Reference), ("@reason", attempt.ReasonCode),
         ("@error", PersonalText.Scrub(attempt.Error))];
}
