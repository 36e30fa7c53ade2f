using System.Data.Common;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>Appends audit events to their hash chains in the transaction of the change they record: each event's hash covers its
/// fields and the hash of the previous event of the same chain. A chain is one delivery's events, or one attest's own events
/// (submitted, amended, cancelled, purged). Those writes are already serialised by the delivery's row lock or the attest's lock,
/// so a chain needs no lock of its own and processes keep writing different deliveries at once.</summary>
internal sealed class AuditAppend(Database db)
{
    public const string InsertSql = """
        INSERT INTO audit_events (at, attest_id, delivery_id, destination, kind, detail, actor, prev_hash, hash)
        VALUES (@at, @a, @d, @dest, @kind, @detail, @actor, @prev, @hash)
        """;

    /// <summary>The hash of the newest event of the delivery a message id (<c>@m</c>) names: the previous link of the next event,
    /// for a unit that reads it in the same round trip as the delivery's row.</summary>
    public const string HeadByMessageSql = """
        SELECT e.hash FROM audit_events e JOIN deliveries d ON e.attest_id = d.attest_id AND e.delivery_id = d.delivery_id
        WHERE d.message_id = @m ORDER BY e.seq DESC LIMIT 1
        """;

    /// <summary>The hash of the newest event of delivery <c>@id</c>; see <see cref="HeadByMessageSql"/>.</summary>
    public const string HeadByDeliverySql = """
        SELECT e.hash FROM audit_events e JOIN deliveries d ON e.attest_id = d.attest_id AND e.delivery_id = d.delivery_id
        WHERE d.delivery_id = @id ORDER BY e.seq DESC LIMIT 1
        """;

    /// <summary>The values of <see cref="InsertSql"/>, the event's hash among them; <paramref name="previous"/> is the chain's head.</summary>
    public static (string, object?)[] Values(string attestId, long? deliveryId, string? destination, AuditEntry entry, string actor, DateTimeOffset at, string? previous)
    {
        var detail = PersonalText.Scrub(entry.Detail);
        var hash = AuditChain.Hash(previous, at.ToUnixTimeMilliseconds(), attestId, deliveryId, destination, entry.Kind, detail, actor);
        return [("@at", at), ("@a", attestId), ("@d", deliveryId), ("@dest", destination), ("@kind", entry.Kind), ("@detail", detail), ("@actor", actor),
                ("@prev", previous), ("@hash", hash)];
    }

    /// <summary>The rows of <paramref name="sql"/>, a statement that takes one delivery's row, with the head of that delivery's chain
    /// from <paramref name="headSql"/>, the statement after it (one round trip on PostgreSQL). On PostgreSQL a statement that waited
    /// for the row lock re-reads the locked row, but its subqueries keep the snapshot taken before the wait; the statement after it
    /// sees every event committed before the row was taken.</summary>
    public async Task<(List<T> Rows, string? Head)> ReadWithHeadAsync<T>(DbConnection c, DbTransaction tx, string sql, Func<Row, T> read,
        (string Name, object? Value)[] parameters, string headSql, (string Name, object? Value)[] headParameters, CancellationToken ct)
    {
        var (rows, heads) = await db.ReadPairAsync(c, tx, (sql, parameters), read, (headSql, headParameters), r => r.OptionalText("hash"), ct);
        return (rows, heads.FirstOrDefault());
    }

    /// <summary>Appends an event to its chain, reading the chain's head first.</summary>
    public async Task AppendAsync(DbConnection c, DbTransaction tx, string attestId, long? deliveryId, string? destination, AuditEntry entry, string actor,
        DateTimeOffset at, CancellationToken ct)
    {
        var previous = deliveryId is { } d
            ? await db.ScalarAsync<string?>(c, tx, "SELECT hash FROM audit_events WHERE attest_id = @a AND delivery_id = @d ORDER BY seq DESC LIMIT 1", ct, ("@a", attestId), ("@d", d))
            : await db.ScalarAsync<string?>(c, tx, "SELECT hash FROM audit_events WHERE attest_id = @a AND delivery_id IS NULL ORDER BY seq DESC LIMIT 1", ct, ("@a", attestId));
        await db.ExecAsync(c, tx, InsertSql, ct, Values(attestId, deliveryId, destination, entry, actor, at, previous));
    }

    /// <summary>Appends an event to the chain of one delivery, found by its id.</summary>
    public async Task AppendForDeliveryAsync(DbConnection c, DbTransaction tx, long deliveryId, AuditEntry entry, string actor, DateTimeOffset at, CancellationToken ct)
    {
        var found = await db.ReadAllAsync(c, tx, "SELECT attest_id, destination FROM deliveries WHERE delivery_id = @id",
            r => (AttestId: r.Text("attest_id"), Destination: r.Text("destination")), ct, ("@id", deliveryId));
        if (found is [var (attestId, destination)])
        {
            await AppendAsync(c, tx, attestId, deliveryId, destination, entry, actor, at, ct);
        }
    }
}
