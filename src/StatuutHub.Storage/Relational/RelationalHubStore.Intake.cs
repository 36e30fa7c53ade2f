using System.Data.Common;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Storage.Relational;

/// <summary>Intake: new attests and their versions (end_date is the last day the activity can run: its end, or the day before the
/// participant's legal pension, as the application decided), written with their deliveries and audit event in one
/// transaction (the outbox); the attest as its owner and support staff see it.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<WriteResult> SubmitAsync(AttestSubmission submission, CancellationToken ct)
    {
        // Sealing and hashing need no database: done before the unit, which on SQLite waits its turn at the single writer.
        var prepared = new PreparedSubmission(submission, submission.Attest.AttestId.ToString("D"), CanonicalAttestJson.Hash(submission.Attest),
            SealContent(submission.Attest, 1), Protector.Lookup(submission.Attest.Participant.Insz.Value), WarningsJson.Write(submission.Warnings));
        var (_, id, hash, _, lookup, _) = prepared;
        var attest = submission.Attest;
        return await WriteAsync(async (connection, tx, ct) =>
        {
            // The lock, the attest's row and the person's other attests in one round trip on PostgreSQL: both reads run after the lock.
            var (rows, others) = await ReadPairAsync(connection, tx,
                AttestRowSql(string.Empty), ReadAttestRow, [("@id", id)],
                ConcurrentSql, ReadConcurrent, ConcurrentParameters(attest, lookup), ct, prelude: SubmitLock(id, lookup));
            if (rows is [var existing])
            {
                var status = DeliveryFacts.StatusOf(existing.Cancelled, await ReadDeliveryFactsAsync(connection, tx, id, ct));
                return existing.FirstHash == hash
                    ? new WriteResult(WriteOutcome.AlreadyAccepted, attest.AttestId, 1, status)
                    : new WriteResult(WriteOutcome.Conflict, attest.AttestId, existing.CurrentVersion, status, "ATTEST_ID_REUSED");
            }

            if (submission.Admit(attest, others) is { } conflict)
            {
                return Refused(attest, conflict);
            }

            await InsertNewAttestAsync(connection, tx, prepared, ct);
            return new WriteResult(WriteOutcome.Accepted, attest.AttestId, 1, AttestStatus.InProgress);
        }, ct);
    }

    /// <summary>A submission with what needs no database done.</summary>
    private sealed record PreparedSubmission(AttestSubmission Submission, string Id, string Hash, string Json, string Lookup, string? Warnings);

    private static WriteResult Refused(Attest attest, AttestConflict conflict) =>
        new(WriteOutcome.Conflict, attest.AttestId, 0, AttestStatus.InProgress, conflict.Code, conflict.OtherAttestId);

    private const string InsertAttestSql = """
        INSERT INTO attests (attest_id, initiative_kbo, insz, start_date, end_date, current_version, first_hash, current_hash, cancelled, created_at, updated_at)
        VALUES (@id, @kbo, @insz, @start, @end, 1, @hash, @hash, FALSE, @now, @now)
        """;

    private static (string, object?)[] AttestValues(PreparedSubmission prepared)
    {
        var attest = prepared.Submission.Attest;
        return [("@id", prepared.Id), ("@kbo", attest.Initiative.Kbo.Value), ("@insz", prepared.Lookup),
                ("@start", Day(attest.Activity.StartDate)), ("@end", Day(prepared.Submission.LastDay)), ("@hash", prepared.Hash), ("@now", prepared.Submission.At)];
    }

    /// <inheritdoc />
    public async Task<WriteResult> ChangeAsync(Guid attestId, Func<AttestSnapshot, ChangeDecision> decide, CancellationToken ct)
    {
        var id = attestId.ToString("D");
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var row = await ReadAttestRowAsync(connection, tx, id, RowLock, ct);
            if (row is null or { Purged: true })
            {
                return new WriteResult(WriteOutcome.NotFound, attestId, 0, AttestStatus.InProgress);
            }

            var current = OpenContent(await ScalarAsync<string>(connection, tx,
                "SELECT content_json FROM attest_versions WHERE attest_id = @id AND version = @v", ct, ("@id", id), ("@v", row.CurrentVersion)), id, row.CurrentVersion);
            var deliveries = await ReadDeliveryFactsAsync(connection, tx, id, ct);
            var decision = decide(new AttestSnapshot(attestId, row.CurrentVersion, row.Cancelled, current, row.CurrentHash, deliveries));
            if (decision is not ChangeDecision.NewVersion write)
            {
                return ((ChangeDecision.Answer)decision).Result;
            }

            var version = write.Version;
            var cancelled = version.Change == AttestChange.Cancelled;
            if (!cancelled && write.Admit(version.Content, await ReadConcurrentAsync(connection, tx, version.Content, ct)) is { } conflict)
            {
                return new WriteResult(WriteOutcome.Conflict, attestId, row.CurrentVersion, AttestStatus.InProgress, conflict.Code, conflict.OtherAttestId);
            }

            await InsertLaterVersionAndPlanAsync(connection, tx, version, SealContent(version.Content, version.Version), WarningsJson.Write(write.Warnings), write.Plan,
                new AuditEntry($"Attest{version.Change}", write.AuditDetail), write.Actor, ct);
            await ExecAsync(connection, tx, """
                UPDATE attests SET current_version = @v, current_hash = @hash, start_date = @start, end_date = @end,
                    cancelled = @cancelled, updated_at = @now WHERE attest_id = @id
                """, ct,
                ("@v", version.Version), ("@hash", write.ContentHash), ("@start", Day(version.Content.Activity.StartDate)),
                ("@end", Day(write.LastDay)), ("@cancelled", cancelled), ("@now", version.RecordedAt), ("@id", id));
            // The new messages are Pending: the status follows from the deliveries read above plus these.
            var after = deliveries.Concat(write.Plan.Messages.Select(m => new DeliveryFact(m.Destination.Id, version.Version, m.Kind, DeliveryState.Pending)));
            return new WriteResult(WriteOutcome.Accepted, attestId, version.Version, DeliveryFacts.StatusOf(cancelled, after));
        }, ct);
    }

    /// <inheritdoc />
    public async Task<AttestView?> GetAttestAsync(Guid attestId, CancellationToken ct)
    {
        var id = attestId.ToString("D");
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginReadAsync(connection, ct);
        var row = await ReadAttestRowAsync(connection, tx, id, string.Empty, ct);
        if (row is null or { Purged: true })
        {
            return null;
        }

        var current = (await ReadAllAsync(connection, tx, "SELECT content_json, warnings_json FROM attest_versions WHERE attest_id = @id AND version = @v",
            r => (Content: OpenContent(r.Text("content_json"), id, row.CurrentVersion), Warnings: WarningsJson.Read(r.OptionalText("warnings_json"))), ct, ("@id", id), ("@v", row.CurrentVersion)))[0];
        var deliveries = await ReadAllAsync(connection, tx, """
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
        var history = await ReadAllAsync(connection, tx, HistorySql,
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

    private const string InsertNewDelivery = """
        INSERT INTO deliveries (message_id, attest_id, version, destination, message_kind, state, attempts, due_at, created_at, updated_at, trace_parent, waits_on, ends_on)
        VALUES (@m, @id, @v, @dest, @kind, @state, 0, @at, @at, @at, @trace, @waitsOn, @endsOn)
        """;

    private const string InsertChangedDelivery = """
        INSERT INTO deliveries (message_id, attest_id, version, destination, message_kind, state, attempts, due_at, created_at, updated_at, trace_parent, waits_on, ends_on)
        VALUES (@m, @id, @v, @dest, @kind, @state, 0, @at, @at, @at, @trace,
                COALESCE(@waitsOn, (SELECT e.waits_on FROM deliveries e WHERE e.attest_id = @id AND e.destination = @dest ORDER BY e.version DESC LIMIT 1)),
                @endsOn)
        """;

    /// <summary>A new attest's rows (attest, first version, its audit chain's first event, its deliveries) and counts, sent
    /// together (one round trip on PostgreSQL). A new attest has nothing waiting, planned or decided yet.</summary>
    private async Task InsertNewAttestAsync(DbConnection c, DbTransaction tx, PreparedSubmission prepared, CancellationToken ct)
    {
        var submission = prepared.Submission;
        var version = AttestVersion.First(submission.Attest, submission.At);
        var at = submission.At;
        var writes = new WriteBatch(this);
        writes.Add(InsertAttestSql, AttestValues(prepared));
        writes.Add(InsertVersion, VersionParameters(version, prepared.Id, prepared.Json, prepared.Warnings, at));
        writes.Add(InsertAuditSql, AuditValues(prepared.Id, null, null, new AuditEntry($"Attest{AttestChange.Submitted}", submission.AuditDetail), submission.Actor, submission.At, previous: null));
        var deltas = new CountDeltas();
        foreach (var message in submission.Plan.Messages)
        {
            writes.Add(InsertNewDelivery, DeliveryParameters(message, version, prepared.Id, at));
            deltas.Move(message.Destination.Id, null, message.Waits ? DeliveryState.Waiting : DeliveryState.Pending);
        }

        AddCounts(writes, deltas);
        await writes.RunAsync(c, tx, ct);
    }

    private const string InsertVersion = "INSERT INTO attest_versions (attest_id, version, change, content_json, recorded_at, warnings_json) VALUES (@id, @v, @change, @json, @at, @warnings)";

    private static (string, object?)[] VersionParameters(AttestVersion version, string id, string contentJson, string? warningsJson, DateTimeOffset at) =>
        [("@id", id), ("@v", version.Version), ("@change", version.Change.ToString()), ("@json", contentJson), ("@at", at), ("@warnings", warningsJson)];

    private static (string, object?)[] DeliveryParameters(PlannedMessage message, AttestVersion version, string id, DateTimeOffset at) =>
        [("@m", Guid.CreateVersion7(version.RecordedAt).ToString("D")), ("@id", id), ("@v", version.Version),
         ("@dest", message.Destination.Id), ("@kind", message.Kind.ToString()), ("@state", (message.Waits ? DeliveryState.Waiting : DeliveryState.Pending).ToString()), ("@at", at),
         // The request's trace travels with the delivery, so the later send joins the same trace.
         ("@trace", System.Diagnostics.Activity.Current?.Id), ("@waitsOn", message.WaitsOn?.Id),
         ("@endsOn", message.EndsOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>A later version (amendment, cancellation) with its deliveries: what it supersedes stops, renewals it makes
    /// needless are withdrawn, and a message waiting on a body that already approved may go at once.</summary>
    private async Task InsertLaterVersionAndPlanAsync(DbConnection c, DbTransaction tx, AttestVersion version, string contentJson, string? warningsJson, RoutingPlan plan, AuditEntry audit, string actor, CancellationToken ct)
    {
        var deltas = new CountDeltas();
        var id = version.AttestId.ToString("D");
        var at = version.RecordedAt;
        await ExecAsync(c, tx, InsertVersion, ct, VersionParameters(version, id, contentJson, warningsJson, at));
        await AuditAsync(c, tx, id, null, null, audit, actor, version.RecordedAt, ct);
        await StopReplacedAsync(c, tx, version, deltas, ct);
        foreach (var message in plan.Messages)
        {
            // A message without a link of its own (a cancel, or the end of a route a change dropped) keeps the link of the
            // destination's earlier messages, so it names the same permission they did.
            await ExecAsync(c, tx, InsertChangedDelivery, ct, DeliveryParameters(message, version, id, at));
            deltas.Move(message.Destination.Id, null, message.Waits ? DeliveryState.Waiting : DeliveryState.Pending);
        }

        await SettleChainAsync(c, tx, id, version.RecordedAt, deltas, ct);
        await CountsAsync(c, tx, deltas, ct);
    }

    private Task<List<DeliveryFact>> ReadDeliveryFactsAsync(DbConnection c, DbTransaction tx, string id, CancellationToken ct) =>
        ReadAllAsync(c, tx, "SELECT destination, version, message_kind, state FROM deliveries WHERE attest_id = @id", ReadDeliveryFact, ct, ("@id", id));

    /// <summary>A delivery's destination, version, message_kind and state.</summary>
    private static DeliveryFact ReadDeliveryFact(Row r) =>
        new(r.Text("destination"), r.Int("version"), r.Enum<MessageKind>("message_kind"), r.Enum<DeliveryState>("state"));

    /// <summary>The person's other active attests that touch the calendar years of <paramref name="attest"/>, as they stand
    /// now: enough for overlaps (same days) and for sums per calendar year. Serialised with the submission by its lock.</summary>
    private async Task<List<Attest>> ReadConcurrentAsync(DbConnection c, DbTransaction tx, Attest attest, CancellationToken ct) =>
        await ReadAllAsync(c, tx, ConcurrentSql, ReadConcurrent, ct, ConcurrentParameters(attest, Protector.Lookup(attest.Participant.Insz.Value)));

    private Attest ReadConcurrent(Row r) => OpenContent(r.Text("content_json"), r.Text("attest_id"), r.Int("current_version"));

    private const string ConcurrentSql = """
        SELECT v.content_json, a.attest_id, a.current_version FROM attests a
        JOIN attest_versions v ON v.attest_id = a.attest_id AND v.version = a.current_version
        WHERE a.insz IN (@insz, @clear) AND NOT a.cancelled AND a.purged_at IS NULL AND a.attest_id <> @id AND a.start_date <= @to AND a.end_date >= @from
        ORDER BY a.created_at
        """;

    /// <param name="lookup">The look-up hash of the attest's INSZ (a submission has it prepared).</param>
    private static (string Name, object? Value)[] ConcurrentParameters(Attest attest, string lookup) =>
    [
        ("@insz", lookup), ("@clear", attest.Participant.Insz.Value), ("@id", attest.AttestId.ToString("D")),
        ("@from", ConcurrentFrom(attest)), ("@to", ConcurrentTo(attest)),
    ];

    // Open-ended: every later attest overlaps it; otherwise the calendar years it touches are enough.
    private static string ConcurrentFrom(Attest attest) => Day(new DateOnly(attest.Activity.StartDate.Year, 1, 1));

    private static string ConcurrentTo(Attest attest) => Day(attest.Activity.EndDate is { } end ? new DateOnly(end.Year, 12, 31) : attest.Activity.LastDay);

    private static string AttestRowSql(string rowLock) =>
        $"SELECT current_version, first_hash, current_hash, cancelled, created_at, purged_at FROM attests WHERE attest_id = @id {rowLock}";

    private static AttestRow ReadAttestRow(Row r) =>
        new(r.Int("current_version"), r.Text("first_hash"), r.Text("current_hash"), r.Flag("cancelled"), r.Time("created_at"), r.Has("purged_at"));

    private async Task<AttestRow?> ReadAttestRowAsync(DbConnection c, DbTransaction tx, string id, string rowLock, CancellationToken ct) =>
        (await ReadAllAsync(c, tx, AttestRowSql(rowLock), ReadAttestRow, ct, ("@id", id))) is [var row] ? row : null;

    /// <summary>An attest's row; <paramref name="Purged"/>: its personal data is gone (retention), so it is no longer shown or changed.</summary>
    private sealed record AttestRow(int CurrentVersion, string FirstHash, string CurrentHash, bool Cancelled, DateTimeOffset CreatedAt, bool Purged);
}
