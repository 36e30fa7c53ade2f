using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>An office's inbox: the deliveries addressed to it (through the destination and state index), each with the content of
/// its version; and the access audit of its people.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<InboxRequest>> ListInboxAsync(string destination, IReadOnlyCollection<DeliveryState> states, bool newestFirst, int max, CancellationToken ct)
    {
        if (states.Count == 0)
        {
            return [];
        }

        var named = states.Select((state, i) => ($"@s{i}", (object?)state.ToString())).ToArray();
        await using var connection = await Db.OpenAsync(ct);
        return await Db.ReadAllAsync(connection, null, $"""
            {InboxColumns}
            WHERE d.destination = @destination AND d.state IN ({string.Join(", ", named.Select(p => p.Item1))}) AND a.purged_at IS NULL
            ORDER BY d.delivery_id {(newestFirst ? "DESC" : "ASC")} LIMIT {Math.Clamp(max, 1, 1000)}
            """, ReadInboxRequest, ct, [("@destination", destination), .. named]);
    }

    /// <inheritdoc />
    public async Task<InboxRequest?> FindInboxRequestAsync(string destination, long deliveryId, CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var found = await Db.ReadAllAsync(connection, null, $"""
            {InboxColumns}
            WHERE d.delivery_id = @id AND d.destination = @destination AND a.purged_at IS NULL
            """, ReadInboxRequest, ct, ("@id", deliveryId), ("@destination", destination));
        return found.Count == 0 ? null : found[0];
    }

    private const string InboxColumns = """
        SELECT d.delivery_id, d.message_id, d.attest_id, d.version, d.message_kind, d.state, d.created_at, d.sent_at, d.answer_due_at,
               d.decided_at, d.reference, d.reason_code, a.current_version, a.cancelled, v.content_json
        FROM deliveries d
        JOIN attests a ON a.attest_id = d.attest_id
        JOIN attest_versions v ON v.attest_id = d.attest_id AND v.version = d.version
        """;

    private InboxRequest ReadInboxRequest(Row r) => new(
        r.Long("delivery_id"), r.Id("message_id"), r.Id("attest_id"), r.Int("version"), r.Enum<MessageKind>("message_kind"),
        r.Enum<DeliveryState>("state"), r.Time("created_at"), r.OptionalTime("sent_at"), r.OptionalTime("answer_due_at"),
        r.OptionalTime("decided_at"), r.OptionalText("reference"), r.OptionalText("reason_code"), r.Int("current_version"),
        r.Flag("cancelled"), Contents.Open(r.Text("content_json"), r.Text("attest_id"), r.Int("version")));

    /// <inheritdoc />
    public Task RecordRequestOpenedAsync(long deliveryId, string actor, DateTimeOffset at, CancellationToken ct) =>
        Db.WriteAsync(async (connection, tx, ct) =>
        {
            await Audit.AppendForDeliveryAsync(connection, tx, deliveryId, new AuditEntry("RequestOpened", $"geopend door {actor} / opened by {actor}"), actor, at, ct);
            return true;
        }, ct);
}
