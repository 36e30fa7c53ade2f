using System.Data.Common;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Agencies' decisions: every ack is recorded with what it did; one that the application lets move
/// the delivery is written with its audit event and counter change in the same transaction.</summary>
public abstract partial class RelationalHubStore
{
    /// <summary>The delivery a decision names, locked (PostgreSQL) for the rest of the transaction, with what the decision needs: the
    /// attest's last day and, for a reason to scrub, its current content.</summary>
    private string? _decisionTargetSql;

    private string DecisionTargetSql => _decisionTargetSql ??= $"""
        SELECT d.delivery_id, d.destination, d.state, d.attest_id, d.message_kind, d.version, a.end_date,
               (SELECT v.content_json FROM attest_versions v WHERE v.attest_id = d.attest_id AND v.version = a.current_version) AS content_json, a.current_version
        FROM deliveries d JOIN attests a ON a.attest_id = d.attest_id
        WHERE d.message_id = @m {RowLockOf("d")}
        """;

    /// <inheritdoc />
    public async Task<AckOutcome> ApplyDecisionAsync(AgencyAck ack, Func<DeliveryTarget, DecisionEffect> decide, CancellationToken ct)
    {
        var messageId = ack.MessageId.ToString("D");
        var actor = $"agency:{Destination.KindName(ack.Agency)}";
        return await WriteAsync(async (connection, tx, ct) =>
        {
            // The person comes along when the agency wrote a reason, so it is kept without them (AgencyDecisions scrubs it).
            (DeliveryTarget Target, string AttestId) Read(Row r) =>
                (new DeliveryTarget(r.Long("delivery_id"), r.Text("destination"), r.Enum<DeliveryState>("state"), r.Enum<MessageKind>("message_kind"), r.Int("version"),
                    r.Day("end_date") is var end && end == DateOnly.MaxValue ? null : end)
                 {
                     Person = ack.Reason is not null && r.OptionalText("content_json") is { } content && !content.StartsWith(PurgedContent, StringComparison.Ordinal)
                         ? OpenContent(content, r.Text("attest_id"), r.Int("current_version")).Participant
                         : null,
                 },
                 r.Text("attest_id"));
            var (found, head) = await ReadWithHeadAsync(connection, tx, DecisionTargetSql, Read, [("@m", messageId)], ChainHeadByMessageSql, [("@m", messageId)], ct);

            var effect = found.Count == 0 ? new DecisionEffect(AckOutcome.UnknownMessage) : decide(found[0].Target);
            var writes = new WriteBatch(this);
            if (effect is { To: { } to, Audit: { } audit })
            {
                var (delivery, attestId) = found[0];
                writes.Add("""
                    UPDATE deliveries SET state = @to, decided_at = @at, reason_code = @reason, reference = COALESCE(@reference, reference),
                        lease_owner = NULL, lease_until = NULL, updated_at = @at
                    WHERE delivery_id = @id
                    """,
                    ("@to", to.ToString()), ("@at", ack.At), ("@reason", ack.ReasonCode), ("@reference", ack.Reference), ("@id", delivery.DeliveryId));
                writes.Add(InsertAuditSql, AuditValues(attestId, delivery.DeliveryId, delivery.Destination, audit, actor, ack.At, head));
                var deltas = new CountDeltas().Move(delivery.Destination, delivery.State, to);
                await writes.RunAsync(connection, tx, ct); // the chain rules read the delivery as decided
                // One read serves both rules: settling never looks at renewals, and replacing one moves only renewals.
                var chain = await ReadChainAsync(connection, tx, attestId, ct);
                if (effect.Renewal is { } renewal)
                {
                    await PlanRenewalAsync(connection, tx, attestId, delivery, renewal, chain, ack.At, deltas, ct);
                }

                await WriteMovesAsync(connection, tx, attestId, DeliveryChain.Settle(chain), ack.At, deltas, ct);
                AddCounts(writes, deltas);
            }
            else if (effect is { To: null, Audit: { } note })
            {
                // An interim answer: only the history learns of it.
                writes.Add(InsertAuditSql, AuditValues(found[0].AttestId, found[0].Target.DeliveryId, found[0].Target.Destination, note, actor, ack.At, head));
            }

            writes.Add("""
                INSERT INTO acks (message_id, agency, approved, reason_code, reference, outcome, received_at)
                VALUES (@m, @agency, @approved, @reason, @reference, @outcome, @at)
                """,
                ("@m", messageId), ("@agency", Destination.KindName(ack.Agency)), ("@approved", ack.Approved),
                ("@reason", ack.ReasonCode), ("@reference", ack.Reference), ("@outcome", effect.Outcome.ToString()), ("@at", ack.At));
            await writes.RunAsync(connection, tx, ct);
            return effect.Outcome;
        }, ct);
    }
}
