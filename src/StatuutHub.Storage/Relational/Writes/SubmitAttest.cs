using System.Data.Common;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>A new attest: its row, first version, first audit event and deliveries in one transaction (the outbox). The person's
/// other attests are read under the submission's lock, so two submissions for the same person cannot both pass the checks that
/// <see cref="AttestSubmission.Admit"/> makes; a repeated submission of the same content is answered as already accepted.</summary>
internal sealed class SubmitAttest(Database db, AttestContents contents, DeliveryCounts counts)
{
    private const string InsertAttestSql = """
        INSERT INTO attests (attest_id, initiative_kbo, insz, start_date, end_date, current_version, first_hash, current_hash, cancelled, created_at, updated_at)
        VALUES (@id, @kbo, @insz, @start, @end, 1, @hash, @hash, FALSE, @now, @now)
        """;

    private const string InsertDeliverySql = """
        INSERT INTO deliveries (message_id, attest_id, version, destination, message_kind, state, attempts, due_at, created_at, updated_at, trace_parent, waits_on, ends_on)
        VALUES (@m, @id, @v, @dest, @kind, @state, 0, @at, @at, @at, @trace, @waitsOn, @endsOn)
        """;

    public async Task<WriteResult> RunAsync(AttestSubmission submission, CancellationToken ct)
    {
        // Sealing and hashing need no database: done before the unit, which on SQLite waits its turn at the single writer.
        var attest = submission.Attest;
        var prepared = new Prepared(submission, attest.AttestId.ToString("D"), CanonicalAttestJson.Hash(attest), contents.Seal(attest, 1),
            contents.Protector.Lookup(attest.Participant.Insz.Value), WarningsJson.Write(submission.Warnings));
        var (_, id, hash, _, lookup, _) = prepared;
        return await db.WriteAsync(async (connection, tx, ct) =>
        {
            // The lock, the attest's row and the person's other attests in one round trip on PostgreSQL: both reads run after the lock.
            var submitLock = db.Statements.SubmitLock is { } lockSql ? (lockSql, new (string, object?)[] { ("@id", id), ("@insz", lookup) }) : ((string, (string, object?)[])?)null;
            var (rows, others) = await db.ReadPairAsync(connection, tx,
                (AttestRecords.RowSql, [("@id", id)]), AttestRecords.ReadRow,
                (AttestRecords.ConcurrentSql, AttestRecords.ConcurrentParameters(attest, lookup)), r => AttestRecords.ReadConcurrent(contents, r), ct, submitLock);
            if (rows is [var existing])
            {
                var status = DeliveryFacts.StatusOf(existing.Cancelled, await AttestRecords.ReadDeliveryFactsAsync(db, connection, tx, id, ct));
                return existing.FirstHash == hash
                    ? new WriteResult(WriteOutcome.AlreadyAccepted, attest.AttestId, 1, status)
                    : new WriteResult(WriteOutcome.Conflict, attest.AttestId, existing.CurrentVersion, status, "ATTEST_ID_REUSED");
            }

            if (submission.Admit(attest, others) is { } conflict)
            {
                return new WriteResult(WriteOutcome.Conflict, attest.AttestId, 0, AttestStatus.InProgress, conflict.Code, conflict.OtherAttestId);
            }

            await InsertAsync(connection, tx, prepared, ct);
            return new WriteResult(WriteOutcome.Accepted, attest.AttestId, 1, AttestStatus.InProgress);
        }, ct, WriteLane.AddsAndClaims);
    }

    /// <summary>The new attest's rows and counts, sent together (one round trip on PostgreSQL). A new attest has nothing waiting,
    /// planned or decided yet.</summary>
    private async Task InsertAsync(DbConnection c, DbTransaction tx, Prepared prepared, CancellationToken ct)
    {
        var submission = prepared.Submission;
        var attest = submission.Attest;
        var version = AttestVersion.First(attest, submission.At);
        var at = submission.At;
        var writes = new Database.WriteBatch(db);
        writes.Add(InsertAttestSql, ("@id", prepared.Id), ("@kbo", attest.Initiative.Kbo.Value), ("@insz", prepared.Lookup),
            ("@start", StoredValues.Day(attest.Activity.StartDate)), ("@end", StoredValues.Day(submission.LastDay)), ("@hash", prepared.Hash), ("@now", at));
        writes.Add(NewVersionRows.InsertVersionSql, NewVersionRows.VersionValues(version, prepared.Id, prepared.Json, prepared.Warnings, at));
        writes.Add(AuditAppend.InsertSql, AuditAppend.Values(prepared.Id, null, null, new AuditEntry($"Attest{AttestChange.Submitted}", submission.AuditDetail),
            submission.Actor, at, previous: null));
        var deltas = new CountDeltas();
        foreach (var message in submission.Plan.Messages)
        {
            writes.Add(InsertDeliverySql, NewVersionRows.DeliveryValues(message, version, prepared.Id, at));
            deltas.Move(message.Destination.Id, null, NewVersionRows.FirstState(message));
        }

        counts.AddTo(writes, deltas, c);
        await writes.RunAsync(c, tx, ct);
    }

    /// <summary>A submission with what needs no database done.</summary>
    private sealed record Prepared(AttestSubmission Submission, string Id, string Hash, string Json, string Lookup, string? Warnings);
}
