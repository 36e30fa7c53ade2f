using System.Data.Common;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>Chained deliveries and planned renewals: reads an attest's deliveries, lets <see cref="DeliveryChain"/> decide what
/// moves (a waiting message released or stopped, what a new version replaces, a renewal withdrawn), and writes the moves by id in
/// the same transaction as the write that decided them, so a crash leaves both or neither. Each move is guarded by the state it
/// was decided from: on PostgreSQL a concurrent transaction that moved the delivery first wins, and this one moves nothing.</summary>
internal sealed class ChainWrites(Database db, AuditAppend audit)
{
    /// <summary>The attest's deliveries as the chain rules see them.</summary>
    public Task<List<ChainLink>> ReadAsync(DbConnection c, DbTransaction tx, string attestId, CancellationToken ct) =>
        db.ReadAllAsync(c, tx, "SELECT delivery_id, destination, version, message_kind, state, waits_on, due_at FROM deliveries WHERE attest_id = @id",
            r => new ChainLink(r.Long("delivery_id"), r.Text("destination"), r.Int("version"), r.Enum<MessageKind>("message_kind"), r.Enum<DeliveryState>("state"),
                r.OptionalText("waits_on"), r.Time("due_at")), ct, ("@id", attestId));

    /// <summary>Releases the attest's waiting deliveries whose awaited body approved and stops those whose awaited body refused.</summary>
    public async Task SettleAsync(DbConnection c, DbTransaction tx, string attestId, DateTimeOffset at, CountDeltas deltas, CancellationToken ct) =>
        await WriteMovesAsync(c, tx, attestId, DeliveryChain.Settle(await ReadAsync(c, tx, attestId, ct)), at, deltas, ct);

    /// <summary>Writes what the chain rules decided: each move by id, if the delivery is still in the state it was decided from, with
    /// its audit event; a released delivery is due at once.</summary>
    public async Task WriteMovesAsync(DbConnection c, DbTransaction tx, string attestId, IReadOnlyList<ChainMove> moves, DateTimeOffset at, CountDeltas deltas, CancellationToken ct)
    {
        foreach (var move in moves)
        {
            var moved = await db.ExecAsync(c, tx, """
                UPDATE deliveries SET state = @to, reason_code = COALESCE(@reason, reason_code), due_at = CASE WHEN @dueNow THEN @at ELSE due_at END, updated_at = @at
                WHERE delivery_id = @id AND state = @from
                """, ct, ("@to", move.To.ToString()), ("@reason", move.ReasonCode), ("@dueNow", move.Reason == ChainReason.Released), ("@at", at),
                ("@id", move.Id), ("@from", move.From.ToString()));
            if (moved == 1)
            {
                var (entry, actor) = AuditOf(move.Reason);
                await audit.AppendAsync(c, tx, attestId, move.Id, move.Destination, entry, actor, at, ct);
                deltas.Move(move.Destination, move.From, move.To);
            }
        }
    }

    /// <summary>What a new version stops: the waiting messages it replaces and the renewals it makes needless (all on a cancel, those
    /// to be asked after the activity's new end otherwise). An amendment's own approvals plan renewals afresh.</summary>
    public async Task StopReplacedAsync(DbConnection c, DbTransaction tx, AttestVersion version, CountDeltas deltas, CancellationToken ct)
    {
        var attestId = version.AttestId.ToString("D");
        var endsAt = version.Content.Activity.EndDate is { } end ? Domain.Calendar.BelgianTime.StartOf(end.AddDays(1)) : (DateTimeOffset?)null;
        var moves = DeliveryChain.AfterNewVersion(await ReadAsync(c, tx, attestId, ct), version.Version, version.Change == AttestChange.Cancelled, endsAt);
        await WriteMovesAsync(c, tx, attestId, moves, version.RecordedAt, deltas, ct);
    }

    /// <summary>Writes the renewal an approval planned: a Renew delivery due on the Belgian day to ask again, replacing any renewal
    /// still planned for the same body of this attest (the newest approval counts); <paramref name="chain"/> is the attest's deliveries
    /// as the approval left them.</summary>
    public async Task PlanRenewalAsync(DbConnection c, DbTransaction tx, string attestId, DeliveryTarget approved, Renewal renewal,
        IReadOnlyCollection<ChainLink> chain, DateTimeOffset at, CountDeltas deltas, CancellationToken ct)
    {
        await WriteMovesAsync(c, tx, attestId, DeliveryChain.ReplacedRenewals(chain, approved.Destination), at, deltas, ct);
        var renewalId = await db.ScalarAsync<long>(c, tx, """
            INSERT INTO deliveries (message_id, attest_id, version, destination, message_kind, state, attempts, due_at, created_at, updated_at, waits_on)
            VALUES (@m, @id, @v, @dest, @kind, @state, 0, @due, @at, @at, NULL)
            RETURNING delivery_id
            """, ct, ("@m", Guid.CreateVersion7(at).ToString("D")), ("@id", attestId), ("@v", approved.Version), ("@dest", approved.Destination),
            ("@kind", nameof(MessageKind.Renew)), ("@state", nameof(DeliveryState.Pending)),
            ("@due", Domain.Calendar.BelgianTime.StartOf(renewal.AskOn)), ("@at", at));
        // The renewal's own chain starts with this event.
        await db.ExecAsync(c, tx, AuditAppend.InsertSql, ct, AuditAppend.Values(attestId, renewalId, approved.Destination, new AuditEntry("RenewalPlanned",
            $"de toestemming loopt tot {renewal.PermissionEnds:yyyy-MM-dd}; de hub vraagt ze opnieuw aan op {renewal.AskOn:yyyy-MM-dd}"), "verlenging", at, previous: null));
        deltas.Move(approved.Destination, null, DeliveryState.Pending);
    }

    private static (AuditEntry Audit, string Actor) AuditOf(ChainReason reason) => reason switch
    {
        ChainReason.Released => (new("DeliveryReleased", "de instantie waarop dit bericht wachtte, gaf toestemming: het mag vertrekken"), "keten"),
        ChainReason.PrerequisiteRefused => (new("DeliveryStopped", "de instantie waarop dit bericht wachtte, weigerde: het wordt niet verzonden"), "keten"),
        ChainReason.Superseded => (new("DeliveryStopped", "een nieuwere versie of een intrekking vervangt dit wachtende bericht: het wordt niet verzonden"), "keten"),
        ChainReason.RenewalReplaced => (new("RenewalWithdrawn", "een nieuwere toestemming vervangt deze geplande verlenging"), "verlenging"),
        _ => (new("RenewalWithdrawn", "de verlenging is niet meer nodig: het attest is ingetrokken of eindigt voor ze"), "verlenging"),
    };
}
