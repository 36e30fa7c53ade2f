using System.Data.Common;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Chained deliveries: a delivery written with <c>waits_on</c> stays Waiting until the newest delivery of
/// that destination for the same attest is decided. Settled in the same transaction as every write that can decide
/// it (a new version, an attempt's result, an agency's decision), so nothing is lost between the two and a crash
/// leaves either both or neither; several processes on PostgreSQL settle under the rows they already lock.</summary>
public abstract partial class RelationalHubStore
{
    private static readonly AuditEntry ChainReleased = new("DeliveryReleased", "de instantie waarop dit bericht wachtte, gaf toestemming: het mag vertrekken");
    private static readonly AuditEntry ChainStopped = new("DeliveryStopped", "de instantie waarop dit bericht wachtte, weigerde: het wordt niet verzonden");
    private static readonly AuditEntry ChainSuperseded = new("DeliveryStopped", "een nieuwere versie of een intrekking vervangt dit wachtende bericht: het wordt niet verzonden");
    private static readonly AuditEntry RenewalReplaced = new("RenewalWithdrawn", "een nieuwere toestemming vervangt deze geplande verlenging");
    private static readonly AuditEntry RenewalNotNeeded = new("RenewalWithdrawn", "de verlenging is niet meer nodig: het attest is ingetrokken of eindigt voor ze");

    /// <summary>The state of the newest (not stopped) delivery of the awaited destination, for a row of <c>deliveries</c>.</summary>
    private const string AwaitedState = """
        (SELECT p.state FROM deliveries p
         WHERE p.attest_id = deliveries.attest_id AND p.destination = deliveries.waits_on AND p.state <> 'Stopped' AND p.message_kind <> 'Renew'
         ORDER BY p.version DESC LIMIT 1)
        """;

    /// <summary>One statement for both moves of <see cref="SettleChainAsync"/>: a waiting delivery whose awaited body approved is
    /// released (due now), one whose awaited body refused is stopped. Releasing never changes what another waits on (a released
    /// delivery is Pending, not decided), so one pass decides the same as a release followed by a stop.</summary>
    private string? _settleSql;

    private string SettleSql => _settleSql ??= $"""
        UPDATE deliveries {ByAttestHint} SET
            state = CASE {AwaitedState} WHEN 'Acknowledged' THEN @released ELSE @stopped END,
            due_at = CASE {AwaitedState} WHEN 'Acknowledged' THEN @at ELSE due_at END,
            reason_code = CASE {AwaitedState} WHEN 'Acknowledged' THEN reason_code ELSE 'PREREQUISITE_REFUSED' END,
            updated_at = @at
        WHERE attest_id = @id AND state = 'Waiting' AND {AwaitedState} IN ('Acknowledged', 'Rejected')
        RETURNING delivery_id, destination, state{HeadReturned}
        """;

    /// <summary>Releases the attest's waiting deliveries whose awaited body approved and stops those whose awaited body refused;
    /// <paramref name="before"/>'s writes (the decision that settles it) go in the same round trip, ahead of the settling.</summary>
    private async Task SettleChainAsync(DbConnection c, DbTransaction tx, string attestId, DateTimeOffset at, CountDeltas deltas, CancellationToken ct, WriteBatch? before = null)
    {
        var released = DeliveryStateMachine.Apply(DeliveryState.Waiting, DeliveryEvent.PrerequisiteApproved);
        var stopped = DeliveryStateMachine.Apply(DeliveryState.Waiting, DeliveryEvent.PrerequisiteFailed);
        var moved = await (before ?? new WriteBatch(this)).ReadAsync(c, tx, SettleSql,
            r => (Id: r.GetInt64(0), Destination: r.GetString(1), State: Enum.Parse<DeliveryState>(r.GetString(2)), Head: ReadsWithRow ? OptionalText(r, 3) : null), ct,
            ("@released", released.ToString()), ("@stopped", stopped.ToString()), ("@at", Ms(at)), ("@id", attestId));
        foreach (var (id, destination, state, head) in moved)
        {
            var entry = state == released ? ChainReleased : ChainStopped;
            await (ReadsWithRow ? AuditAfterAsync(c, tx, attestId, id, destination, entry, "keten", at, head, ct) : AuditAsync(c, tx, attestId, id, destination, entry, "keten", at, ct));
            deltas.Move(destination, DeliveryState.Waiting, state);
        }
    }

    /// <summary>Stops the attest's waiting deliveries of versions before <paramref name="version"/>: the new version
    /// (or the cancel) replaces them, so an old message never goes out after a newer one was decided on.</summary>
    private Task StopSupersededAsync(DbConnection c, DbTransaction tx, string attestId, int version, DateTimeOffset at, CountDeltas deltas, CancellationToken ct) =>
        MoveWaitingAsync(c, tx, $"""
            UPDATE deliveries {ByAttestHint} SET state = @to, reason_code = 'SUPERSEDED', updated_at = @at
            WHERE attest_id = @id AND state = 'Waiting' AND version < @v
            RETURNING delivery_id, destination
            """, attestId, DeliveryStateMachine.Apply(DeliveryState.Waiting, DeliveryEvent.Withdrawn), ChainSuperseded, at, deltas, ct, ("@v", version));

    /// <summary>Withdraws the attest's planned renewals of older versions that a new version makes needless: all of them on a
    /// cancel, and those to be asked after the activity's (new) end. An amendment's own approvals plan renewals afresh.</summary>
    private Task StopNeedlessRenewalsAsync(DbConnection c, DbTransaction tx, AttestVersion version, CountDeltas deltas, CancellationToken ct) =>
        MoveAsync(c, tx, $"""
            UPDATE deliveries {ByAttestHint} SET state = @to, reason_code = 'NOT_NEEDED', updated_at = @at
            WHERE attest_id = @id AND message_kind = 'Renew' AND state = 'Pending' AND version < @v AND (@cancelled = 1 OR due_at > @end)
            RETURNING delivery_id, destination
            """, version.AttestId.ToString("D"), DeliveryState.Pending, DeliveryStateMachine.Apply(DeliveryState.Pending, DeliveryEvent.Withdrawn), RenewalNotNeeded,
            version.RecordedAt, deltas, ct, ("@v", version.Version), ("@cancelled", version.Change == AttestChange.Cancelled ? 1 : 0),
            ("@end", version.Content.Activity.EndDate is { } end ? Ms(Domain.Calendar.BelgianTime.StartOf(end.AddDays(1))) : long.MaxValue));

    private Task MoveWaitingAsync(DbConnection c, DbTransaction tx, string sql, string attestId, DeliveryState to, AuditEntry audit,
        DateTimeOffset at, CountDeltas deltas, CancellationToken ct, params (string Name, object? Value)[] more) =>
        MoveAsync(c, tx, sql, attestId, DeliveryState.Waiting, to, audit, at, deltas, ct, more);

    private async Task MoveAsync(DbConnection c, DbTransaction tx, string sql, string attestId, DeliveryState from, DeliveryState to, AuditEntry audit,
        DateTimeOffset at, CountDeltas deltas, CancellationToken ct, params (string Name, object? Value)[] more)
    {
        var moved = await ReadAllAsync(c, tx, sql, r => (Id: r.GetInt64(0), Destination: r.GetString(1)), ct,
            [("@to", to.ToString()), ("@at", Ms(at)), ("@id", attestId), .. more]);
        foreach (var (id, destination) in moved)
        {
            await AuditAsync(c, tx, attestId, id, destination, audit, from == DeliveryState.Waiting ? "keten" : "verlenging", at, ct);
            deltas.Move(destination, from, to);
        }
    }

    /// <summary>Writes the renewal an approval planned: a Renew delivery due on the Belgian day to ask again, replacing
    /// any renewal still planned for the same body of this attest (the newest approval counts; <paramref name="nonePlanned"/>:
    /// the statement that took the approved delivery's row found none). <paramref name="writes"/> (the approval's own) go first;
    /// the renewal's first audit event is added to them.</summary>
    private async Task PlanRenewalAsync(DbConnection c, DbTransaction tx, string attestId, DeliveryTarget approved, Domain.Routing.Renewal renewal, DateTimeOffset at,
        CountDeltas deltas, WriteBatch writes, bool nonePlanned, CancellationToken ct)
    {
        var withdrawn = DeliveryStateMachine.Apply(DeliveryState.Pending, DeliveryEvent.Withdrawn);
        List<long> replaced = nonePlanned ? [] : await writes.ReadAsync(c, tx, $"""
            UPDATE deliveries {ByAttestHint} SET state = @to, reason_code = 'REPLACED', updated_at = @at
            WHERE attest_id = @id AND destination = @dest AND message_kind = 'Renew' AND state = 'Pending'
            RETURNING delivery_id
            """, r => r.GetInt64(0), ct, ("@to", withdrawn.ToString()), ("@at", Ms(at)), ("@id", attestId), ("@dest", approved.Destination));
        foreach (var id in replaced)
        {
            await AuditAsync(c, tx, attestId, id, approved.Destination, RenewalReplaced, "verlenging", at, ct);
            deltas.Move(approved.Destination, DeliveryState.Pending, withdrawn);
        }

        var due = Ms(Domain.Calendar.BelgianTime.StartOf(renewal.AskOn));
        var renewalId = await ScalarAsync<long>(c, tx, """
            INSERT INTO deliveries (message_id, attest_id, version, destination, message_kind, state, attempts, due_at, created_at, updated_at, waits_on)
            VALUES (@m, @id, @v, @dest, 'Renew', 'Pending', 0, @due, @at, @at, NULL)
            RETURNING delivery_id
            """, ct, ("@m", Guid.CreateVersion7(at).ToString("D")), ("@id", attestId), ("@v", approved.Version), ("@dest", approved.Destination),
            ("@due", due), ("@at", Ms(at)));
        // The renewal's own chain starts with this event.
        var (auditSql, auditParameters) = AuditInsert(attestId, renewalId, approved.Destination, new AuditEntry("RenewalPlanned",
            $"de toestemming loopt tot {renewal.PermissionEnds:yyyy-MM-dd}; de hub vraagt ze opnieuw aan op {renewal.AskOn:yyyy-MM-dd}"), "verlenging", at, previous: null);
        writes.Add(auditSql, auditParameters);
        deltas.Move(approved.Destination, null, DeliveryState.Pending);
    }
}
