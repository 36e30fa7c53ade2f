using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>An agency's decision: every ack is recorded with what it did; one that the application lets move the delivery is
/// written with its audit event, the chain moves and renewal it causes, and its counter change in the same transaction.</summary>
internal sealed class ApplyDecision(Database db, AttestContents contents, AuditAppend audit, ChainWrites chain, DeliveryCounts counts)
{
    private const string DecideSql = """
        UPDATE deliveries SET state = @to, decided_at = @at, reason_code = @reason, reference = COALESCE(@reference, reference),
            lease_owner = NULL, lease_until = NULL, updated_at = @at
        WHERE delivery_id = @id
        """;

    private const string InsertAckSql = """
        INSERT INTO acks (message_id, agency, approved, reason_code, reference, outcome, received_at)
        VALUES (@m, @agency, @approved, @reason, @reference, @outcome, @at)
        """;

    public async Task<AckOutcome> RunAsync(AgencyAck ack, Func<DeliveryTarget, DecisionEffect> decide, CancellationToken ct)
    {
        var messageId = ack.MessageId.ToString("D");
        var actor = ack.DecidedBy ?? $"agency:{Destination.KindName(ack.Agency)}";
        return await db.WriteAsync(async (connection, tx, ct) =>
        {
            // The person comes along when the agency wrote a reason, so it is kept without them (AgencyDecisions scrubs it).
            (DeliveryTarget Target, string AttestId) Read(Row r) =>
                (new DeliveryTarget(r.Long("delivery_id"), r.Text("destination"), r.Enum<DeliveryState>("state"), r.Enum<MessageKind>("message_kind"), r.Int("version"),
                    r.Day("end_date") is var end && end == DateOnly.MaxValue ? null : end)
                 {
                     Person = ack.Reason is not null && r.OptionalText("content_json") is { } content && !content.StartsWith(StoredValues.PurgedContent, StringComparison.Ordinal)
                         ? contents.Open(content, r.Text("attest_id"), r.Int("current_version")).Participant
                         : null,
                     CurrentVersion = r.Int("current_version"),
                     AttestCancelled = r.Flag("cancelled"),
                 },
                 r.Text("attest_id"));
            var (found, head) = await audit.ReadWithHeadAsync(connection, tx, db.Statements.DecisionTarget, Read, [("@m", messageId)],
                AuditAppend.HeadByMessageSql, [("@m", messageId)], ct);

            var effect = found.Count == 0 ? new DecisionEffect(AckOutcome.UnknownMessage) : decide(found[0].Target);
            var writes = new Database.WriteBatch(db);
            if (effect is { To: { } to, Audit: { } entry })
            {
                var (delivery, attestId) = found[0];
                writes.Add(DecideSql, ("@to", to.ToString()), ("@at", ack.At), ("@reason", ack.ReasonCode), ("@reference", ack.Reference), ("@id", delivery.DeliveryId));
                writes.Add(AuditAppend.InsertSql, AuditAppend.Values(attestId, delivery.DeliveryId, delivery.Destination, entry, actor, ack.At, head));
                var deltas = new CountDeltas().Move(delivery.Destination, delivery.State, to);
                await writes.RunAsync(connection, tx, ct); // the chain rules read the delivery as decided
                // One read serves both rules: settling never looks at renewals, and replacing one moves only renewals.
                var links = await chain.ReadAsync(connection, tx, attestId, ct);
                if (effect.Renewal is { } renewal)
                {
                    await chain.PlanRenewalAsync(connection, tx, attestId, delivery, renewal, links, ack.At, deltas, ct);
                }

                await chain.WriteMovesAsync(connection, tx, attestId, DeliveryChain.Settle(links), ack.At, deltas, ct);
                counts.AddTo(writes, deltas, connection);
            }
            else if (effect is { To: null, Audit: { } note })
            {
                // An interim answer: only the history learns of it.
                writes.Add(AuditAppend.InsertSql, AuditAppend.Values(found[0].AttestId, found[0].Target.DeliveryId, found[0].Target.Destination, note, actor, ack.At, head));
            }

            writes.Add(InsertAckSql, ("@m", messageId), ("@agency", Destination.KindName(ack.Agency)), ("@approved", ack.Approved),
                ("@reason", ack.ReasonCode), ("@reference", ack.Reference), ("@outcome", effect.Outcome.ToString()), ("@at", ack.At));
            await writes.RunAsync(connection, tx, ct);
            return effect.Outcome;
        }, ct);
    }
}
