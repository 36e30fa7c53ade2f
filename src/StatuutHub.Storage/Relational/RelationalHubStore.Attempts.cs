using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Relational;

/// <summary>Attempt results: each on its own delivery, in one unit with its attempt row, audit event and counts.</summary>
public abstract partial class RelationalHubStore
{
    /// <summary>An attempt's result on its delivery, if this owner's lease still holds it in the state it was claimed in.</summary>
    private const string CompleteAttemptSql = """
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

    /// <summary>An attempt whose delivery the agency's decision settled while the attempt waited for its answer: the facts the
    /// attempt adds (when it went, the agency's reference if the decision gave none), not its state.</summary>
    private const string AttemptAfterDecisionSql = """
        UPDATE deliveries SET sent_at = COALESCE(sent_at, @finished), reference = COALESCE(reference, @reference), updated_at = @finished
        WHERE delivery_id = @id AND state = @decided AND lease_owner IS NULL
        RETURNING destination, attest_id
        """;

    /// <inheritdoc />
    public async Task<AttemptCompletion> CompleteAttemptAsync(string owner, AttemptRecord attempt, CancellationToken ct)
    {
        var finishedAt = attempt.StartedAt + attempt.Duration;
        return await WriteAsync(async (connection, tx, ct) =>
        {
            Task<(List<(string Destination, string AttestId)> Rows, string? Head)> UpdateWithHeadAsync(string sql, (string Name, object? Value)[] parameters) =>
                ReadWithHeadAsync(connection, tx, sql, DeliveryOfAttempt, parameters, ChainHeadByDeliverySql, [("@id", attempt.DeliveryId)], ct);

            var (updated, head) = await UpdateWithHeadAsync(CompleteAttemptSql, [.. ResultValues(attempt), ("@owner", owner)]);
            var completion = AttemptCompletion.Applied;
            if (updated.Count == 0)
            {
                // Rare: only when the decision overtook the answer. The history keeps the attempt; the decision's state stands.
                var state = await ScalarAsync<string?>(connection, tx, "SELECT state FROM deliveries WHERE delivery_id = @id", ct, ("@id", attempt.DeliveryId));
                if (state is not null && DeliveryStateMachine.IsDecided(Enum.Parse<DeliveryState>(state)))
                {
                    (updated, head) = await UpdateWithHeadAsync(AttemptAfterDecisionSql,
                        [("@finished", finishedAt), ("@reference", attempt.Reference), ("@id", attempt.DeliveryId), ("@decided", state)]);
                    completion = AttemptCompletion.AfterDecision;
                }
            }

            if (updated is not [var (destination, attestId)])
            {
                return AttemptCompletion.Superseded;
            }

            var writes = new WriteBatch(this);
            writes.Add(InsertAttemptSql, AttemptValues(attempt));
            var audit = completion == AttemptCompletion.Applied
                ? new AuditEntry($"Delivery{attempt.To}", attempt.AuditDetail)
                : new AuditEntry(AttemptAfterDecision, $"{attempt.AuditDetail}; de beslissing van de instantie kwam eerder binnen en blijft gelden");
            writes.Add(InsertAuditSql, AuditValues(attestId, attempt.DeliveryId, destination, audit, "dispatcher", finishedAt, head));
            if (completion == AttemptCompletion.Applied)
            {
                var deltas = new CountDeltas().Move(destination, attempt.From, attempt.To);
                if (DeliveryStateMachine.IsFinal(attempt.To))
                {
                    await writes.RunAsync(connection, tx, ct); // the chain rules read the delivery as decided
                    await SettleChainAsync(connection, tx, attestId, finishedAt, deltas, ct);
                }

                AddCounts(writes, deltas);
            }

            await writes.RunAsync(connection, tx, ct);

            return completion;
        }, ct);
    }

    /// <summary>The audit kind of an attempt recorded after the decision it raced with.</summary>
    private const string AttemptAfterDecision = "DeliverySentAfterDecision";

    private static (string Destination, string AttestId) DeliveryOfAttempt(Row r) => (r.Text("destination"), r.Text("attest_id"));

    /// <summary>The values an attempt's result sets (<see cref="AttemptSet"/>) and the delivery and state it applies to.</summary>
    private static (string, object?)[] ResultValues(AttemptRecord attempt)
    {
        var finished = attempt.StartedAt + attempt.Duration;
        return [("@id", attempt.DeliveryId), ("@from", attempt.From.ToString()), ("@to", attempt.To.ToString()), ("@attempts", attempt.Attempts),
                ("@next", attempt.NextDueAt), ("@finished", finished),
                ("@sentAt", DeliveryStateMachine.ReachedBody(attempt.To) ? finished : null), ("@decidedAt", DeliveryStateMachine.IsDecided(attempt.To) ? finished : null),
                ("@answerDue", attempt.AnswerDueAt), ("@reference", attempt.Reference), ("@reason", attempt.ReasonCode),
                ("@error", PersonalText.Scrub(attempt.Error))];
    }

    private const string InsertAttemptSql = """
        INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, outcome, error, answer)
        VALUES (@id, @no, @started, @duration, @outcome, @error, @answer)
        """;

    private static (string, object?)[] AttemptValues(AttemptRecord attempt) =>
        [("@id", attempt.DeliveryId), ("@no", attempt.Attempts), ("@started", attempt.StartedAt),
         ("@duration", (long)attempt.Duration.TotalMilliseconds), ("@outcome", attempt.Outcome), ("@error", PersonalText.Scrub(attempt.Error)),
         ("@answer", PersonalText.Scrub(attempt.Answer))];
}
