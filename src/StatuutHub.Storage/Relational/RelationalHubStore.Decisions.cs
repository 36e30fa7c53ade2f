using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Agencies' decisions: every ack is recorded with what it did; one that the application lets move
/// the delivery is written with its audit event and counter change in the same transaction.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<AckOutcome> ApplyDecisionAsync(AgencyAck ack, Func<DeliveryTarget, DecisionEffect> decide, CancellationToken ct)
    {
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var found = await ReadAllAsync(connection, tx, $"""
                SELECT d.delivery_id, d.destination, d.state, d.attest_id, d.message_kind, d.version, a.end_date
                FROM deliveries d JOIN attests a ON a.attest_id = d.attest_id
                WHERE d.message_id = @m {RowLockOf("d")}
                """,
                r => (Target: new DeliveryTarget(r.GetInt64(0), r.GetString(1), Enum.Parse<DeliveryState>(r.GetString(2)), Enum.Parse<MessageKind>(r.GetString(4)), r.GetInt32(5),
                        DateOnly.ParseExact(r.GetString(6), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) is var end && end == DateOnly.MaxValue ? null : end),
                    AttestId: r.GetString(3)),
                ct, ("@m", ack.MessageId.ToString("D")));
            var effect = found.Count == 0 ? new DecisionEffect(AckOutcome.UnknownMessage) : decide(found[0].Target);
            if (effect is { To: { } to, Audit: { } audit })
            {
                var delivery = found[0].Target;
                await ExecAsync(connection, tx, """
                    UPDATE deliveries SET state = @to, decided_at = @at, reason_code = @reason, reference = COALESCE(@reference, reference),
                        lease_owner = NULL, lease_until = NULL, updated_at = @at
                    WHERE delivery_id = @id
                    """, ct,
                    ("@to", to.ToString()), ("@at", Ms(ack.At)), ("@reason", ack.ReasonCode), ("@reference", ack.Reference), ("@id", delivery.DeliveryId));
                await AuditAsync(connection, tx, found[0].AttestId, delivery.DeliveryId, delivery.Destination, audit, $"agency:{Destination.KindName(ack.Agency)}", ack.At, ct);
                var deltas = new CountDeltas().Move(delivery.Destination, delivery.State, to);
                if (effect.Renewal is { } renewal)
                {
                    await PlanRenewalAsync(connection, tx, found[0].AttestId, delivery, renewal, ack.At, deltas, ct);
                }

                await SettleChainAsync(connection, tx, found[0].AttestId, ack.At, deltas, ct);
                await CountsAsync(connection, tx, deltas, ct);
            }
            else if (effect is { To: null, Audit: { } note })
            {
                // An interim answer: only the history learns of it.
                await AuditAsync(connection, tx, found[0].AttestId, found[0].Target.DeliveryId, found[0].Target.Destination, note, $"agency:{Destination.KindName(ack.Agency)}", ack.At, ct);
            }

            await ExecAsync(connection, tx, """
                INSERT INTO acks (message_id, agency, approved, reason_code, reference, outcome, received_at)
                VALUES (@m, @agency, @approved, @reason, @reference, @outcome, @at)
                """, ct,
                ("@m", ack.MessageId.ToString("D")), ("@agency", Destination.KindName(ack.Agency)), ("@approved", ack.Approved ? 1 : 0),
                ("@reason", ack.ReasonCode), ("@reference", ack.Reference), ("@outcome", effect.Outcome.ToString()), ("@at", Ms(ack.At)));
            return effect.Outcome;
        }, ct);
    }
}
