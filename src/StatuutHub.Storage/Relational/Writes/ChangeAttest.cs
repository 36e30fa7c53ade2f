using System.Data.Common;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>A later version of an attest (amendment or cancellation): the attest as it stands is read under its lock, the
/// application decides (<see cref="ChangeDecision"/>), and the new version is written with its deliveries: what it supersedes
/// stops, renewals it makes needless are withdrawn, and a message waiting on a body that already approved may go at once.</summary>
internal sealed class ChangeAttest(Database db, AttestContents contents, AuditAppend audit, ChainWrites chain, DeliveryCounts counts)
{
    /// <summary>A message without a link of its own (a cancel, or the end of a route a change dropped) keeps the link of the
    /// destination's earlier messages, so it names the same permission they did.</summary>
    private const string InsertDeliverySql = """
        INSERT INTO deliveries (message_id, attest_id, version, destination, message_kind, state, attempts, due_at, created_at, updated_at, trace_parent, waits_on, ends_on)
        VALUES (@m, @id, @v, @dest, @kind, @state, 0, @at, @at, @at, @trace,
                COALESCE(@waitsOn, (SELECT e.waits_on FROM deliveries e WHERE e.attest_id = @id AND e.destination = @dest ORDER BY e.version DESC LIMIT 1)),
                @endsOn)
        """;

    public async Task<WriteResult> RunAsync(Guid attestId, Func<AttestSnapshot, ChangeDecision> decide, CancellationToken ct)
    {
        var id = attestId.ToString("D");
        return await db.WriteAsync(async (connection, tx, ct) =>
        {
            var row = await AttestRecords.ReadRowAsync(db, connection, tx, db.Statements.AttestToChange, id, ct);
            if (row is null or { Purged: true })
            {
                return new WriteResult(WriteOutcome.NotFound, attestId, 0, AttestStatus.InProgress);
            }

            var current = contents.Open(await db.ScalarAsync<string>(connection, tx,
                "SELECT content_json FROM attest_versions WHERE attest_id = @id AND version = @v", ct, ("@id", id), ("@v", row.CurrentVersion)), id, row.CurrentVersion);
            var deliveries = await AttestRecords.ReadDeliveryFactsAsync(db, connection, tx, id, ct);
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

            await InsertVersionAsync(connection, tx, write, ct);
            await db.ExecAsync(connection, tx, """
                UPDATE attests SET current_version = @v, current_hash = @hash, start_date = @start, end_date = @end,
                    cancelled = @cancelled, updated_at = @now WHERE attest_id = @id
                """, ct,
                ("@v", version.Version), ("@hash", write.ContentHash), ("@start", StoredValues.Day(version.Content.Activity.StartDate)),
                ("@end", StoredValues.Day(write.LastDay)), ("@cancelled", cancelled), ("@now", version.RecordedAt), ("@id", id));
            // The new messages are Pending: the status follows from the deliveries read above plus these.
            var after = deliveries.Concat(write.Plan.Messages.Select(m => new DeliveryFact(m.Destination.Id, version.Version, m.Kind, DeliveryState.Pending)));
            return new WriteResult(WriteOutcome.Accepted, attestId, version.Version, DeliveryFacts.StatusOf(cancelled, after));
        }, ct);
    }

    private Task<List<Attest>> ReadConcurrentAsync(DbConnection c, DbTransaction tx, Attest attest, CancellationToken ct) =>
        db.ReadAllAsync(c, tx, AttestRecords.ConcurrentSql, r => AttestRecords.ReadConcurrent(contents, r), ct,
            AttestRecords.ConcurrentParameters(attest, contents.Protector.Lookup(attest.Participant.Insz.Value)));

    private async Task InsertVersionAsync(DbConnection c, DbTransaction tx, ChangeDecision.NewVersion write, CancellationToken ct)
    {
        var version = write.Version;
        var deltas = new CountDeltas();
        var id = version.AttestId.ToString("D");
        var at = version.RecordedAt;
        await db.ExecAsync(c, tx, NewVersionRows.InsertVersionSql, ct,
            NewVersionRows.VersionValues(version, id, contents.Seal(version.Content, version.Version), WarningsJson.Write(write.Warnings), at));
        await audit.AppendAsync(c, tx, id, null, null, new AuditEntry($"Attest{version.Change}", write.AuditDetail), write.Actor, at, ct);
        await chain.StopReplacedAsync(c, tx, version, deltas, ct);
        foreach (var message in write.Plan.Messages)
        {
            await db.ExecAsync(c, tx, InsertDeliverySql, ct, NewVersionRows.DeliveryValues(message, version, id, at));
            deltas.Move(message.Destination.Id, null, NewVersionRows.FirstState(message));
        }

        await chain.SettleAsync(c, tx, id, at, deltas, ct);
        await counts.WriteAsync(c, tx, deltas, ct);
    }
}
