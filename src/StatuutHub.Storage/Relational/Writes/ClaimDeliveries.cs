using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational.Writes;

/// <summary>The dispatcher's claim: due deliveries whose turn it is (<see cref="EngineStatements.ClaimDue"/>), leased to one owner
/// until a moment, with their attest content.</summary>
internal sealed class ClaimDeliveries(Database db, AttestContents contents)
{
    public async Task<IReadOnlyList<ClaimedDelivery>> RunAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct) =>
        await db.WriteAsync(async (connection, tx, ct) =>
        {
            var writes = new Database.WriteBatch(db);
            foreach (var setting in db.Statements.ClaimPlanSettings)
            {
                writes.Add(setting);
            }

            await writes.RunAsync(connection, tx, ct);

            // The deliveries of one attest version are usually claimed together and share its content: opened once (an attest is immutable).
            var opened = new Dictionary<(string AttestId, int Version), Attest>();
            Attest ContentOf(Row r)
            {
                var key = (r.Text("attest_id"), r.Int("version"));
                if (!opened.TryGetValue(key, out var attest))
                {
                    opened[key] = attest = contents.Open(r.Text("content_json"), key.Item1, key.Item2);
                }

                return attest;
            }

            var claimed = await db.ReadAllAsync(connection, tx, db.Statements.ClaimDue, r => ReadClaimed(r, ContentOf(r)), ct, ("@now", now), ("@max", max));
            foreach (var delivery in claimed)
            {
                writes.Add("UPDATE deliveries SET lease_owner = @owner, lease_until = @until WHERE delivery_id = @id",
                    ("@owner", owner), ("@until", leaseUntil), ("@id", delivery.DeliveryId));
            }

            foreach (var reset in db.Statements.ClaimPlanReset)
            {
                writes.Add(reset);
            }

            await writes.RunAsync(connection, tx, ct);
            return (IReadOnlyList<ClaimedDelivery>)claimed;
        }, ct, WriteLane.AddsAndClaims);

    /// <summary>What <see cref="ReadClaimed"/> reads of a delivery <c>d</c> and its version <c>v</c>, as <see cref="EngineStatements.ClaimDue"/>
    /// names them; awaited_reference is the reference of the newest approval (of a create or an amendment: a permission, not the
    /// receipt of an end) of the destination the delivery follows.</summary>
    public const string ClaimedColumns = """
        d.delivery_id, d.message_id, d.attest_id, d.version, d.destination, d.message_kind, d.state, d.attempts, v.content_json, d.trace_parent,
        (SELECT p.reference FROM deliveries p
         WHERE d.waits_on IS NOT NULL AND p.attest_id = d.attest_id AND p.destination = d.waits_on AND p.state = 'Acknowledged'
           AND p.message_kind IN ('Create', 'Amend')
         ORDER BY p.version DESC LIMIT 1) AS awaited_reference,
        d.ends_on
        """;

    /// <summary>A claimed delivery from <see cref="ClaimedColumns"/>, with its attest's content.</summary>
    public static ClaimedDelivery ReadClaimed(Row r, Attest content) => new(
        r.Long("delivery_id"), r.Id("message_id"), r.Id("attest_id"), r.Int("version"),
        Destination.TryParse(r.Text("destination"), out var destination)
            ? destination
            : throw new InvalidDataException($"Unknown destination '{r.Text("destination")}' in delivery {r.Long("delivery_id")}."),
        r.Enum<MessageKind>("message_kind"), r.Enum<DeliveryState>("state"), r.Int("attempts"), content,
        r.OptionalText("trace_parent"), r.OptionalText("awaited_reference"), r.OptionalDay("ends_on"));
}
