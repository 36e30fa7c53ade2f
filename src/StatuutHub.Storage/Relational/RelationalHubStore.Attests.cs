using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Storage.Relational;

/// <summary>The attest as its owner and support staff see it: its current version, deliveries and history, read in one transaction.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<AttestView?> GetAttestAsync(Guid attestId, CancellationToken ct)
    {
        var id = attestId.ToString("D");
        await using var connection = await Db.OpenAsync(ct);
        await using var tx = await Db.BeginReadAsync(connection, ct);
        var row = await AttestRecords.ReadRowAsync(Db, connection, tx, AttestRecords.RowSql, id, ct);
        if (row is null or { Purged: true })
        {
            return null;
        }

        var current = (await Db.ReadAllAsync(connection, tx, "SELECT content_json, warnings_json FROM attest_versions WHERE attest_id = @id AND version = @v",
            r => (Content: Contents.Open(r.Text("content_json"), id, row.CurrentVersion), Warnings: WarningsJson.Read(r.OptionalText("warnings_json"))), ct, ("@id", id), ("@v", row.CurrentVersion)))[0];
        var deliveries = await Db.ReadAllAsync(connection, tx, """
            SELECT delivery_id, message_id, destination, version, message_kind, state, attempts, due_at, sent_at, answer_due_at,
                   decided_at, reference, reason_code, last_error, asked_at, asked_answer
            FROM deliveries WHERE attest_id = @id ORDER BY version, delivery_id
            """, r => new DeliveryView(
                r.Long("delivery_id"), r.Id("message_id"), r.Text("destination"), r.Int("version"),
                r.Enum<MessageKind>("message_kind"), r.Enum<DeliveryState>("state"), r.Int("attempts"),
                r.Time("due_at"), r.OptionalTime("sent_at"), r.OptionalTime("answer_due_at"), r.OptionalTime("decided_at"),
                r.OptionalText("reference"), r.OptionalText("reason_code"), r.OptionalText("last_error"))
            {
                AskedAt = r.OptionalTime("asked_at"),
                AskedAnswer = r.OptionalText("asked_answer"),
            }, ct, ("@id", id));
        var history = await Db.ReadAllAsync(connection, tx, HistorySql,
            r => new AuditEventView(r.Long("seq"), r.Time("at"), r.Text("kind"), r.OptionalText("destination"), r.Text("detail"), r.Text("actor")), ct, ("@id", id));

        var status = DeliveryFacts.StatusOf(row.Cancelled, deliveries.Select(d => new DeliveryFact(d.Destination, d.Version, d.Kind, d.State)));
        return new AttestView(attestId, row.CurrentVersion, status, current.Content, row.CreatedAt, deliveries, history, current.Warnings);
    }

    /// <summary>An attest's history: its own events and its deliveries' (each kind read through its own index, see migration 20).</summary>
    private const string HistorySql = """
        SELECT seq, at, kind, destination, detail, actor FROM audit_events WHERE attest_id = @id AND delivery_id IS NULL
        UNION ALL
        SELECT seq, at, kind, destination, detail, actor FROM audit_events
        WHERE delivery_id IN (SELECT delivery_id FROM deliveries WHERE attest_id = @id) AND attest_id = @id
        ORDER BY seq
        """;
}
