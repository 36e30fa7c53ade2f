using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Relational;

/// <summary>Reconciliation with the agencies: which deliveries to ask about, and what the agency said when asked.</summary>
public abstract partial class RelationalHubStore
{
    private static readonly StateFilter Outstanding = new(DeliveryStateMachine.AwaitsDecision, "awaiting");

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutstandingDecision>> ListOutstandingDecisionsAsync(DestinationKind kind, DateTimeOffset sentBefore, DateTimeOffset now, int limit, CancellationToken ct)
    {
        var name = Destination.KindName(kind);
        await using var connection = await Db.OpenAsync(ct);
        return await Db.ReadAllAsync(connection, null, $"""
            SELECT delivery_id, message_id, destination FROM deliveries
            WHERE {Outstanding.Sql} AND (destination = @kind OR destination LIKE @prefix)
              AND sent_at <= @sentBefore AND (next_ask_at IS NULL OR next_ask_at <= @now)
            ORDER BY sent_at, delivery_id LIMIT @limit
            """, r => new OutstandingDecision(r.Long("delivery_id"), r.Id("message_id"), r.Text("destination"), kind), ct,
            [("@kind", name), ("@prefix", name + "-%"), ("@sentBefore", sentBefore), ("@now", now), ("@limit", limit), .. Outstanding.Parameters]);
    }

    /// <inheritdoc />
    public async Task<OutstandingDecision?> FindOutstandingDecisionAsync(long deliveryId, CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var found = await Db.ReadAllAsync(connection, null, $"SELECT delivery_id, message_id, destination FROM deliveries WHERE delivery_id = @id AND {Outstanding.Sql}",
            r => (Id: r.Long("delivery_id"), MessageId: r.Id("message_id"), Destination: r.Text("destination")), ct, [("@id", deliveryId), .. Outstanding.Parameters]);
        return found.Count == 1 && Destination.TryParse(found[0].Destination, out var destination)
            ? new OutstandingDecision(found[0].Id, found[0].MessageId, found[0].Destination, destination.Kind)
            : null;
    }

    /// <inheritdoc />
    public Task RecordDecisionQueryAsync(long deliveryId, string answer, string actor, DateTimeOffset at, DateTimeOffset nextAskAt, CancellationToken ct) =>
        Db.WriteAsync(async (connection, tx, ct) =>
        {
            var previous = await Db.ReadAllAsync(connection, tx, Db.Statements.AskedAnswerToReplace, r => r.OptionalText("asked_answer"), ct, ("@id", deliveryId));
            if (previous.Count == 0)
            {
                return 0;
            }

            await Db.ExecAsync(connection, tx, "UPDATE deliveries SET asked_at = @at, asked_answer = @answer, next_ask_at = @next WHERE delivery_id = @id", ct,
                ("@at", at), ("@answer", PersonalText.Scrub(answer)), ("@next", nextAskAt), ("@id", deliveryId));
            if (previous[0] != answer)
            {
                // The history records each new answer, not every time the same one is given.
                await Audit.AppendForDeliveryAsync(connection, tx, deliveryId, new AuditEntry("DecisionAsked", answer), actor, at, ct);
            }

            return 1;
        }, ct);
}
