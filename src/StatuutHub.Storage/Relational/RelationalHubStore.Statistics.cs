using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>The sector statistics' facts, read in attest id order, and the kept report.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<StatisticsBatch> ReadStatisticsFactsAsync(string? after, int max, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var connection = await Db.OpenAsync(ct);
        var attests = await Db.ReadAllAsync(connection, null, """
            SELECT a.attest_id, a.created_at, a.cancelled, v.content_json, a.current_version
            FROM attests a JOIN attest_versions v ON v.attest_id = a.attest_id AND v.version = a.current_version
            WHERE a.purged_at IS NULL AND a.attest_id > @after
            ORDER BY a.attest_id
            LIMIT @take
            """, r => (Id: r.Text("attest_id"), SubmittedAt: r.Time("created_at"), Cancelled: r.Flag("cancelled"), Stored: r.Text("content_json"), Version: r.Int("current_version")),
            ct, ("@after", after ?? StoredValues.BeforeEveryId), ("@take", max));
        if (attests.Count == 0)
        {
            return new StatisticsBatch([], null);
        }

        var deliveries = (await Db.ReadAllAsync(connection, null, """
            SELECT attest_id, destination, message_kind, state, created_at, decided_at, reason_code
            FROM deliveries WHERE attest_id > @after AND attest_id <= @last
            """, r => (Id: r.Text("attest_id"), Facts: new DeliveryMeasures(
                Destination.TryParse(r.Text("destination"), out var destination) ? destination.Kind : throw new InvalidDataException($"Unknown destination '{r.Text("destination")}'."),
                r.Enum<MessageKind>("message_kind"), r.Enum<DeliveryState>("state"), r.Time("created_at"), r.OptionalTime("decided_at"), r.OptionalText("reason_code"))),
            ct, ("@after", after ?? StoredValues.BeforeEveryId), ("@last", attests[^1].Id)))
            .ToLookup(d => d.Id, d => d.Facts, StringComparer.Ordinal);
        var facts = attests.Select(a => new AttestFacts(Contents.Open(a.Stored, a.Id, a.Version), a.SubmittedAt, a.Cancelled, deliveries[a.Id].ToArray())).ToArray();
        return new StatisticsBatch(facts, attests.Count < max ? null : attests[^1].Id);
    }

    /// <inheritdoc />
    public async Task SaveStatisticsAsync(DateTimeOffset computedAt, string document, CancellationToken ct) =>
        await Db.WriteAsync(async (connection, tx, ct) =>
        {
            await Db.ExecAsync(connection, tx, "DELETE FROM sector_statistics", ct);
            await Db.ExecAsync(connection, tx, "INSERT INTO sector_statistics (computed_at, document) VALUES (@at, @doc)", ct, ("@at", computedAt), ("@doc", document));
            return true;
        }, ct);

    /// <inheritdoc />
    public async Task<StoredStatistics?> GetStatisticsAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var rows = await Db.ReadAllAsync(connection, null, "SELECT computed_at, document FROM sector_statistics ORDER BY computed_at DESC LIMIT 1",
            r => new StoredStatistics(r.Time("computed_at"), r.Text("document")), ct);
        return rows.Count == 0 ? null : rows[0];
    }
}
