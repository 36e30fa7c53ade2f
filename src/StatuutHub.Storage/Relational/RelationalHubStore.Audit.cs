using System.Data.Common;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Relational;

/// <summary>The audit trail: hash-chained events appended in the same transaction as the change they record.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<AuditVerification> VerifyAuditAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "SELECT seq, at, attest_id, delivery_id, destination, kind, detail, actor, prev_hash, hash FROM audit_events ORDER BY attest_id, COALESCE(delivery_id, 0), seq");
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

    /// <summary>Appends an event to the chain of one delivery.</summary>
    private async Task AuditForDeliveryAsync(DbConnection c, DbTransaction tx, long deliveryId, AuditEntry entry, string actor, DateTimeOffset at, CancellationToken ct)
    {
        var found = await ReadAllAsync(c, tx, "SELECT attest_id, destination FROM deliveries WHERE delivery_id = @id",
            r => (AttestId: r.Text("attest_id"), Destination: r.Text("destination")), ct, ("@id", deliveryId));
        if (found is [var (attestId, destination)])
        {
            await AuditAsync(c, tx, attestId, deliveryId, destination, entry, actor, at, ct);
        }
    }

    /// <summary>Appends an audit event to its hash chain: its hash covers its fields and the hash of the previous
    /// event of the same chain. A chain is one delivery's events, or one attest's own events (submitted, amended,
    /// cancelled). Those writes are already serialised by the delivery's row lock or the attest's lock, so the
    /// chain needs no lock of its own and processes keep writing different deliveries at once.</summary>
    private async Task AuditAsync(DbConnection c, DbTransaction tx, string attestId, long? deliveryId, string? destination, AuditEntry entry, string actor, DateTimeOffset at, CancellationToken ct)
    {
        var previous = deliveryId is { } d
            ? await ScalarAsync<string?>(c, tx, "SELECT hash FROM audit_events WHERE attest_id = @a AND delivery_id = @d ORDER BY seq DESC LIMIT 1", ct, ("@a", attestId), ("@d", d))
            : await ScalarAsync<string?>(c, tx, "SELECT hash FROM audit_events WHERE attest_id = @a AND delivery_id IS NULL ORDER BY seq DESC LIMIT 1", ct, ("@a", attestId));
        await AuditAfterAsync(c, tx, attestId, deliveryId, destination, entry, actor, at, previous, ct);
    }

    /// <summary>Appends an audit event to the chain whose head the caller already read.</summary>
    private async Task AuditAfterAsync(DbConnection c, DbTransaction tx, string attestId, long? deliveryId, string? destination, AuditEntry entry, string actor, DateTimeOffset at,
        string? head, CancellationToken ct)
    {
        await ExecAsync(c, tx, InsertAuditSql, ct, AuditValues(attestId, deliveryId, destination, entry, actor, at, head));
    }

    /// <summary>The hash of the newest audit event of the delivery a message id (<c>@m</c>) names, or of delivery <c>@id</c>:
    /// the previous link of the next event, for a unit that reads it in the same batch as its row lock.</summary>
    private static readonly string ChainHeadByMessageSql = ChainHeadSql("d.message_id = @m");

    /// <inheritdoc cref="ChainHeadByMessageSql"/>
    private static readonly string ChainHeadByDeliverySql = ChainHeadSql("d.delivery_id = @id");

    private static string ChainHeadSql(string delivery) => $"""
        SELECT e.hash FROM audit_events e JOIN deliveries d ON e.attest_id = d.attest_id AND e.delivery_id = d.delivery_id
        WHERE {delivery} ORDER BY e.seq DESC LIMIT 1
        """;

    /// <summary>The rows of <paramref name="sql"/>, a statement that takes one delivery's row, with the head of that delivery's chain
    /// from <paramref name="headSql"/>, the statement after it (one round trip on PostgreSQL). On PostgreSQL a statement that waited for the row lock re-reads the locked row, but its
    /// subqueries keep the snapshot taken before the wait; the statement after it sees every event committed before the row was taken.</summary>
    private async Task<(List<T> Rows, string? Head)> ReadWithHeadAsync<T>(DbConnection c, DbTransaction tx, string sql, Func<Row, T> read,
        (string Name, object? Value)[] parameters, string headSql, (string Name, object? Value)[] headParameters, CancellationToken ct)
    {
        var (rows, heads) = await ReadPairAsync(c, tx, sql, read, parameters, headSql, r => r.OptionalText("hash"), headParameters, ct);
        return (rows, heads.FirstOrDefault());
    }

    private const string InsertAuditSql = """
        INSERT INTO audit_events (at, attest_id, delivery_id, destination, kind, detail, actor, prev_hash, hash)
        VALUES (@at, @a, @d, @dest, @kind, @detail, @actor, @prev, @hash)
        """;

    /// <summary>The values of <see cref="InsertAuditSql"/>, the event's hash among them.</summary>
    private static (string, object?)[] AuditValues(string attestId, long? deliveryId, string? destination, AuditEntry entry, string actor, DateTimeOffset at, string? previous)
    {
        var detail = PersonalText.Scrub(entry.Detail);
        var hash = AuditChain.Hash(previous, at.ToUnixTimeMilliseconds(), attestId, deliveryId, destination, entry.Kind, detail, actor);
        return [("@at", at), ("@a", attestId), ("@d", deliveryId), ("@dest", destination), ("@kind", entry.Kind), ("@detail", detail), ("@actor", actor),
                ("@prev", previous), ("@hash", hash)];
    }
}
