using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Relational;

/// <summary>The audit trail verified: every chain's links and hashes recomputed (events are appended by <see cref="Writes.AuditAppend"/>).</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<AuditVerification> VerifyAuditAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        await using var cmd = Db.Command(connection, null, "SELECT seq, at, attest_id, delivery_id, destination, kind, detail, actor, prev_hash, hash FROM audit_events ORDER BY attest_id, COALESCE(delivery_id, 0), seq");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var r = new Row(reader);
        string? previous = null;
        (string?, long?) chain = default;
        long events = 0;
        while (await reader.ReadAsync(ct))
        {
            events++;
            var seq = r.Long("seq");
            var key = (r.OptionalText("attest_id"), r.OptionalLong("delivery_id"));
            if (events == 1 || key != chain)
            {
                chain = key;
                previous = null;
            }

            var prevHash = r.OptionalText("prev_hash");
            var hash = r.OptionalText("hash");
            if (prevHash != previous)
            {
                return new AuditVerification(events, seq, "the link to the previous event does not match (an event was changed, removed or inserted before this one)");
            }

            var expected = AuditChain.Hash(prevHash, r.Time("at").ToUnixTimeMilliseconds(), key.Item1, key.Item2, r.OptionalText("destination"), r.Text("kind"), r.Text("detail"), r.Text("actor"));
            if (hash != expected)
            {
                return new AuditVerification(events, seq, "the event's content does not match its hash (it was changed)");
            }

            previous = hash;
        }

        return new AuditVerification(events, null, null);
    }
}
