using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>The change feed: every state change appends an audit event with an increasing sequence in the same transaction, so the
/// events after a position name exactly the attests that changed after it.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<ChangePage> ReadChangesAsync(ChangeQuery query, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var initiative = query.InitiativeKbo is null ? string.Empty : "AND a.initiative_kbo = @kbo";
        await using var connection = await Db.OpenAsync(ct);
        await using var tx = await Db.BeginReadAsync(connection, ct);
        // Only the settled prefix in sequence order: stop before the first event younger than the horizon, so an older event
        // with a higher sequence is never read while a younger one below it may still be committing.
        var unsettled = await Db.ScalarAsync<long?>(connection, tx, "SELECT MIN(seq) FROM audit_events WHERE seq > @after AND at > @horizon", ct,
            ("@after", query.After), ("@horizon", query.Horizon)) ?? long.MaxValue;
        var changed = await Db.ReadAllAsync(connection, tx, $"""
            SELECT e.attest_id, MAX(e.seq) AS seq, MAX(e.at) AS at, a.current_version, a.cancelled FROM audit_events e
            JOIN attests a ON a.attest_id = e.attest_id
            WHERE e.seq > @after AND e.seq < @unsettled AND e.at >= @since AND a.purged_at IS NULL {initiative}
            GROUP BY e.attest_id, a.current_version, a.cancelled
            ORDER BY 2 LIMIT {query.Limit}
            """, r => (Id: r.Id("attest_id"), Seq: r.Long("seq"), At: r.Time("at"), Version: r.Int("current_version"), Cancelled: r.Flag("cancelled")), ct,
            ("@after", query.After), ("@unsettled", unsettled), ("@since", query.Since ?? DateTimeOffset.UnixEpoch), ("@kbo", query.InitiativeKbo ?? string.Empty));
        var items = new List<AttestChangeEntry>(changed.Count);
        foreach (var c in changed)
        {
            var status = DeliveryFacts.StatusOf(c.Cancelled, await AttestRecords.ReadDeliveryFactsAsync(Db, connection, tx, c.Id.ToString("D"), ct));
            items.Add(new AttestChangeEntry(c.Id, c.Version, status, c.At, c.Seq));
        }

        return new ChangePage(items, changed.Count == 0 ? query.After : changed[^1].Seq, changed.Count == query.Limit);
    }
}
