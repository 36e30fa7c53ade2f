using System.Data.Common;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Relational;

/// <summary>Callbacks to initiatives: subscriptions with a position in the audit trail, and the events owed to them as leased,
/// retried, dead-lettered rows — the agency outbox's rules on a table of their own.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public Task SetCallbackAsync(CallbackSubscription subscription, CancellationToken ct) => Db.WriteAsync(async (connection, tx, ct) =>
    {
        var secret = Protector.Seal(subscription.Secret, PersonalDataProtector.CallbackSecretRow(subscription.InitiativeKbo));
        var replaced = await Db.ExecAsync(connection, tx, "UPDATE callback_subscriptions SET url = @url, secret = @secret WHERE initiative_kbo = @kbo", ct,
            ("@url", subscription.Url.ToString()), ("@secret", secret), ("@kbo", subscription.InitiativeKbo));
        if (replaced == 0)
        {
            // A new subscriber hears of changes from now on; the change feed has the past.
            await Db.ExecAsync(connection, tx, """
                INSERT INTO callback_subscriptions (initiative_kbo, url, secret, registered_at, position)
                VALUES (@kbo, @url, @secret, @at, (SELECT COALESCE(MAX(seq), 0) FROM audit_events))
                """, ct, ("@kbo", subscription.InitiativeKbo), ("@url", subscription.Url.ToString()), ("@secret", secret), ("@at", subscription.RegisteredAt));
        }

        return true;
    }, ct);

    /// <inheritdoc />
    public Task<bool> RemoveCallbackAsync(string initiativeKbo, CancellationToken ct) => Db.WriteAsync(async (connection, tx, ct) =>
    {
        await Db.ExecAsync(connection, tx, "DELETE FROM callback_events WHERE initiative_kbo = @kbo AND state <> 'Sent'", ct, ("@kbo", initiativeKbo));
        return await Db.ExecAsync(connection, tx, "DELETE FROM callback_subscriptions WHERE initiative_kbo = @kbo", ct, ("@kbo", initiativeKbo)) > 0;
    }, ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallbackSummary>> ReadCallbacksAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var subscriptions = await Db.ReadAllAsync(connection, null, "SELECT initiative_kbo, url, registered_at, position FROM callback_subscriptions ORDER BY initiative_kbo",
            r => (Kbo: r.Text("initiative_kbo"), Url: new Uri(r.Text("url")), At: r.Time("registered_at"), Position: r.Long("position")), ct);
        var counts = await Db.ReadAllAsync(connection, null, "SELECT initiative_kbo, state, COUNT(*) AS n FROM callback_events GROUP BY initiative_kbo, state",
            r => (Kbo: r.Text("initiative_kbo"), State: r.Enum<CallbackEventState>("state"), N: r.Long("n")), ct);
        var errors = await Db.ReadAllAsync(connection, null, """
            SELECT initiative_kbo, last_error FROM callback_events e
            WHERE last_error IS NOT NULL AND seq = (SELECT MAX(seq) FROM callback_events f WHERE f.initiative_kbo = e.initiative_kbo AND f.last_error IS NOT NULL)
            """, r => (Kbo: r.Text("initiative_kbo"), Error: r.Text("last_error")), ct);
        return subscriptions.Select(s => new CallbackSummary(s.Kbo, s.Url, s.At, s.Position,
            counts.Where(c => c.Kbo == s.Kbo).ToDictionary(c => c.State, c => c.N), errors.FirstOrDefault(e => e.Kbo == s.Kbo).Error)).ToArray();
    }

    /// <inheritdoc />
    public async Task<int> CollectCallbackEventsAsync(DateTimeOffset now, DateTimeOffset horizon, int max, Func<ObservedChanges, IReadOnlyList<CallbackEventDraft>> compose, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        List<string> initiatives;
        await using (var connection = await Db.OpenAsync(ct))
        {
            initiatives = await Db.ReadAllAsync(connection, null, "SELECT initiative_kbo FROM callback_subscriptions ORDER BY initiative_kbo", r => r.Text("initiative_kbo"), ct);
        }

        var written = 0;
        foreach (var kbo in initiatives)
        {
            written += await Db.WriteAsync((connection, tx, ct) => CollectForAsync(connection, tx, kbo, now, horizon, max, compose, ct), ct);
        }

        return written;
    }

    private async Task<int> CollectForAsync(DbConnection c, DbTransaction tx, string kbo, DateTimeOffset now, DateTimeOffset horizon, int max,
        Func<ObservedChanges, IReadOnlyList<CallbackEventDraft>> compose, CancellationToken ct)
    {
        var position = await Db.ScalarAsync<long?>(c, tx, "SELECT position FROM callback_subscriptions WHERE initiative_kbo = @kbo", ct, ("@kbo", kbo));
        if (position is not { } after)
        {
            return 0; // removed meanwhile
        }

        var rows = await Db.ReadAllAsync(c, tx, $"""
            SELECT e.seq, e.at, e.attest_id, e.kind, e.detail, e.actor, e.destination, d.message_kind, a.current_version, a.cancelled, a.purged_at
            FROM audit_events e
            JOIN attests a ON a.attest_id = e.attest_id
            LEFT JOIN deliveries d ON d.delivery_id = e.delivery_id
            WHERE e.seq > @after AND a.initiative_kbo = @kbo
            ORDER BY e.seq LIMIT {max}
            """, r => (Seq: r.Long("seq"), At: r.Time("at"), AttestId: r.Text("attest_id"),
                Change: new ObservedChange(r.Long("seq"), r.Time("at"), r.Text("kind"), r.Text("detail"), r.Text("actor"), r.OptionalText("destination"),
                    r.Has("message_kind") ? r.Enum<MessageKind>("message_kind") : null),
                Version: r.Int("current_version"), Cancelled: r.Flag("cancelled"), Purged: r.Has("purged_at")), ct, ("@after", after), ("@kbo", kbo));
        // Only a settled prefix: an event younger than the horizon may have a neighbour with a lower position still uncommitted.
        var settled = rows.TakeWhile(r => r.At <= horizon).ToList();
        if (settled.Count == 0)
        {
            return 0;
        }

        var written = 0;
        foreach (var attest in settled.Where(r => !r.Purged).GroupBy(r => r.AttestId))
        {
            var first = attest.First();
            var status = DeliveryFacts.StatusOf(first.Cancelled, await AttestRecords.ReadDeliveryFactsAsync(Db, c, tx, attest.Key, ct));
            var announced = await Db.ScalarAsync<string?>(c, tx, """
                SELECT announces FROM callback_events WHERE initiative_kbo = @kbo AND attest_id = @a AND announces IS NOT NULL ORDER BY seq DESC LIMIT 1
                """, ct, ("@kbo", kbo), ("@a", attest.Key));
            var drafts = compose(new ObservedChanges(kbo, Guid.Parse(attest.Key), first.Version, status,
                announced is null ? null : Enum.Parse<AttestStatus>(announced), attest.Select(r => r.Change).ToArray()));
            foreach (var draft in drafts)
            {
                written += await Db.ExecAsync(c, tx, """
                    INSERT INTO callback_events (event_id, initiative_kbo, seq, attest_id, type, body, announces, state, attempts, due_at, created_at)
                    VALUES (@id, @kbo, @seq, @a, @type, @body, @announces, 'Pending', 0, @now, @now)
                    """, ct, ("@id", draft.EventId.ToString("D")), ("@kbo", kbo), ("@seq", draft.Seq), ("@a", attest.Key), ("@type", draft.Type),
                    ("@body", PersonalText.Scrub(draft.Body)), ("@announces", draft.Announces?.ToString()), ("@now", now));
            }
        }

        await Db.ExecAsync(c, tx, "UPDATE callback_subscriptions SET position = @p WHERE initiative_kbo = @kbo", ct, ("@p", settled[^1].Seq), ("@kbo", kbo));
        return written;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedCallback>> ClaimDueCallbacksAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct)
    {
        // An event may go when every earlier event still owed to its initiative may go too (due and unleased): those are then in
        // this claim, before it. An announcement (recognised, refused) follows the change with the same position.
        return await Db.WriteAsync(async (connection, tx, ct) =>
        {
            var claimed = await Db.ReadAllAsync(connection, tx, Db.Statements.ClaimCallbacks, r => new ClaimedCallback(r.Id("event_id"), r.Text("initiative_kbo"), new Uri(r.Text("url")),
                Protector.Open(r.Text("secret"), PersonalDataProtector.CallbackSecretRow(r.Text("initiative_kbo"))), r.Text("type"), r.Text("body"), r.Int("attempts")),
                ct, ("@now", now), ("@max", max));
            foreach (var callback in claimed)
            {
                await Db.ExecAsync(connection, tx, "UPDATE callback_events SET lease_owner = @owner, lease_until = @until WHERE event_id = @id", ct,
                    ("@owner", owner), ("@until", leaseUntil), ("@id", callback.EventId.ToString("D")));
            }

            return (IReadOnlyList<ClaimedCallback>)claimed;
        }, ct, WriteLane.AddsAndClaims);
    }

    /// <inheritdoc />
    public Task ReleaseCallbacksAsync(string owner, IReadOnlyCollection<Guid> eventIds, CancellationToken ct) => eventIds.Count == 0 ? Task.CompletedTask : Db.WriteAsync(async (connection, tx, ct) =>
    {
        foreach (var id in eventIds)
        {
            await Db.ExecAsync(connection, tx, "UPDATE callback_events SET lease_owner = NULL, lease_until = NULL WHERE event_id = @id AND lease_owner = @owner", ct,
                ("@id", id.ToString("D")), ("@owner", owner));
        }

        return true;
    }, ct);

    /// <inheritdoc />
    public Task<bool> CompleteCallbackAsync(string owner, CallbackAttempt attempt, CancellationToken ct) => Db.WriteAsync(async (connection, tx, ct) =>
        await Db.ExecAsync(connection, tx, """
            UPDATE callback_events SET state = @to, attempts = @attempts, due_at = COALESCE(@next, due_at),
                sent_at = COALESCE(@sentAt, sent_at), last_error = @error, lease_owner = NULL, lease_until = NULL
            WHERE event_id = @id AND state = 'Pending' AND lease_owner = @owner
            """, ct, ("@to", attempt.To.ToString()), ("@attempts", attempt.Attempts), ("@next", attempt.NextDueAt),
            ("@sentAt", attempt.To == CallbackEventState.Sent ? attempt.At : null),
            ("@error", PersonalText.Scrub(attempt.Error)), ("@id", attempt.EventId), ("@owner", owner)) == 1, ct);

    /// <inheritdoc />
    public Task<int> RetryCallbacksAsync(string? initiativeKbo, Guid? eventId, DateTimeOffset now, CancellationToken ct) => Db.WriteAsync((connection, tx, ct) =>
        Db.ExecAsync(connection, tx, """
            UPDATE callback_events SET state = 'Pending', attempts = 0, due_at = @now, last_error = NULL
            WHERE state = 'DeadLettered' AND (@kbo = '' OR initiative_kbo = @kbo) AND (@everyEvent OR event_id = @id)
            """, ct, ("@now", now), ("@kbo", initiativeKbo ?? string.Empty), ("@everyEvent", eventId is null), ("@id", eventId ?? Guid.Empty)), ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallbackEventView>> ReadCallbackEventsAsync(string? initiativeKbo, CallbackEventState? state, int limit, CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        return await Db.ReadAllAsync(connection, null, $"""
            SELECT event_id, initiative_kbo, attest_id, type, state, attempts, created_at, sent_at, due_at, last_error FROM callback_events
            WHERE (@kbo = '' OR initiative_kbo = @kbo) AND (@state = '' OR state = @state)
            ORDER BY seq DESC, CASE WHEN type IN ('attest.recognised', 'attest.refused') THEN 1 ELSE 0 END DESC LIMIT {Math.Clamp(limit, 1, 1000)}
            """, r =>
            {
                var eventState = r.Enum<CallbackEventState>("state");
                return new CallbackEventView(r.Id("event_id"), r.Text("initiative_kbo"), r.Id("attest_id"), r.Text("type"), eventState, r.Int("attempts"),
                    r.Time("created_at"), r.OptionalTime("sent_at"), eventState == CallbackEventState.Pending ? r.Time("due_at") : null, r.OptionalText("last_error"));
            }, ct, ("@kbo", initiativeKbo ?? string.Empty), ("@state", state?.ToString() ?? string.Empty));
    }
}
