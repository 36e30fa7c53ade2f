using System.Data.Common;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>What the store reads of an attest in more than one place: its row, its deliveries' facts, and the person's other
/// attests that a new version must agree with.</summary>
internal static class AttestRecords
{
    /// <summary>An attest's row, unlocked (for a change: <see cref="EngineStatements.AttestToChange"/>); parameter @id.</summary>
    public const string RowSql = "SELECT current_version, first_hash, current_hash, cancelled, created_at, purged_at FROM attests WHERE attest_id = @id";

    public static AttestRow ReadRow(Row r) =>
        new(r.Int("current_version"), r.Text("first_hash"), r.Text("current_hash"), r.Flag("cancelled"), r.Time("created_at"), r.Has("purged_at"));

    public static async Task<AttestRow?> ReadRowAsync(Database db, DbConnection c, DbTransaction tx, string sql, string id, CancellationToken ct) =>
        (await db.ReadAllAsync(c, tx, sql, ReadRow, ct, ("@id", id))) is [var row] ? row : null;

    public static Task<List<DeliveryFact>> ReadDeliveryFactsAsync(Database db, DbConnection c, DbTransaction tx, string id, CancellationToken ct) =>
        db.ReadAllAsync(c, tx, "SELECT destination, version, message_kind, state FROM deliveries WHERE attest_id = @id", ReadDeliveryFact, ct, ("@id", id));

    /// <summary>A delivery's destination, version, message_kind and state.</summary>
    public static DeliveryFact ReadDeliveryFact(Row r) =>
        new(r.Text("destination"), r.Int("version"), r.Enum<MessageKind>("message_kind"), r.Enum<DeliveryState>("state"));

    /// <summary>The person's other active attests that touch the calendar years of an attest, as they stand now: enough for overlaps
    /// (same days) and for sums per calendar year. Serialised with the write by its lock. Parameters: <see cref="ConcurrentParameters"/>.</summary>
    public const string ConcurrentSql = """
        SELECT v.content_json, a.attest_id, a.current_version FROM attests a
        JOIN attest_versions v ON v.attest_id = a.attest_id AND v.version = a.current_version
        WHERE a.insz IN (@insz, @clear) AND NOT a.cancelled AND a.purged_at IS NULL AND a.attest_id <> @id AND a.start_date <= @to AND a.end_date >= @from
        ORDER BY a.created_at
        """;

    /// <param name="lookup">The look-up hash of the attest's INSZ.</param>
    public static (string Name, object? Value)[] ConcurrentParameters(Attest attest, string lookup) =>
    [
        ("@insz", lookup), ("@clear", attest.Participant.Insz.Value), ("@id", attest.AttestId.ToString("D")),
        // Open-ended: every later attest overlaps it; otherwise the calendar years it touches are enough.
        ("@from", StoredValues.Day(new DateOnly(attest.Activity.StartDate.Year, 1, 1))),
        ("@to", StoredValues.Day(attest.Activity.EndDate is { } end ? new DateOnly(end.Year, 12, 31) : attest.Activity.LastDay)),
    ];

    public static Attest ReadConcurrent(AttestContents contents, Row r) => contents.Open(r.Text("content_json"), r.Text("attest_id"), r.Int("current_version"));
}

/// <summary>An attest's row; <paramref name="Purged"/>: its personal data is gone (retention), so it is no longer shown or changed.</summary>
internal sealed record AttestRow(int CurrentVersion, string FirstHash, string CurrentHash, bool Cancelled, DateTimeOffset CreatedAt, bool Purged);
