using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>The heads of the audit chains, for signed checkpoints kept outside the database.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ChainHead>> ChainHeadsAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        return await Db.ReadAllAsync(connection, null, """
            SELECT e.attest_id, e.delivery_id, e.seq, e.hash FROM audit_events e
            JOIN (SELECT attest_id, COALESCE(delivery_id, 0) AS chain, MAX(seq) AS head FROM audit_events GROUP BY attest_id, COALESCE(delivery_id, 0)) h
              ON h.head = e.seq
            ORDER BY e.seq
            """, r => new ChainHead(r.OptionalText("attest_id"), r.OptionalLong("delivery_id"), r.Long("seq"), r.OptionalText("hash") ?? string.Empty), ct);
    }

    /// <inheritdoc />
    public async Task<string?> EventHashAsync(long sequence, CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var found = await Db.ReadAllAsync(connection, null, "SELECT hash FROM audit_events WHERE seq = @seq", r => r.OptionalText("hash") ?? string.Empty, ct, ("@seq", sequence));
        return found.Count == 0 ? null : found[0];
    }
}
