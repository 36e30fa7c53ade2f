using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>What support staff read: counts from the counters table, the last day per hour, keyset-paged
/// delivery lists, failure groups and attest searches.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<DeliveryState, int>> CountDeliveriesAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var counts = Enum.GetValues<DeliveryState>().ToDictionary(s => s, _ => 0);
        foreach (var (state, n) in await Db.ReadAllAsync(connection, null, "SELECT state, SUM(n) AS n FROM delivery_counters GROUP BY state",
            r => (State: r.Enum<DeliveryState>("state"), N: r.Int("n")), ct))
        {
            counts[state] = n;
        }

        return counts;
    }

    /// <inheritdoc />
    public async Task<HubOverview> GetOverviewAsync(DateTimeOffset now, CancellationToken ct)
    {
        var queue = await GetQueueAsync(now, ct);
        await using var connection = await Db.OpenAsync(ct);
        var since = now.AddHours(-23);
        var firstHour = new DateTimeOffset(since.Year, since.Month, since.Day, since.Hour, 0, 0, TimeSpan.Zero);
        var submitted = (await Db.ReadAllAsync(connection, null, "SELECT created_at FROM attests WHERE created_at >= @since",
            r => r.Time("created_at"), ct, ("@since", firstHour))).CountBy(HourOf).ToDictionary();

        // Recognised as the domain says (DeliveryFacts.RecognisedAt), from the deliveries of the attests submitted in the window.
        var facts = await Db.ReadAllAsync(connection, null, """
            SELECT a.attest_id, a.created_at, a.cancelled, d.destination, d.version, d.message_kind, d.state, d.decided_at
            FROM attests a JOIN deliveries d ON d.attest_id = a.attest_id
            WHERE a.created_at >= @since
            """, r => (Attest: r.Text("attest_id"), Created: r.Time("created_at"), Cancelled: r.Flag("cancelled"), Fact: AttestRecords.ReadDeliveryFact(r) with { DecidedAt = r.OptionalTime("decided_at") }),
            ct, ("@since", firstHour));
        var recognised = facts.GroupBy(f => f.Attest)
            .Select(a => (a.First().Created, At: DeliveryFacts.RecognisedAt(a.First().Cancelled, a.Select(f => f.Fact))))
            .Where(a => a.At is not null)
            .GroupBy(a => HourOf(a.At!.Value))
            .ToDictionary(g => g.Key, g => g.Select(a => a.At!.Value - a.Created).Order().ToList());

        var buckets = Enumerable.Range(0, 24).Select(i =>
        {
            var hour = firstHour.AddHours(i);
            var durations = recognised.TryGetValue(hour, out var d) ? d : [];
            return new HourBucket(hour, submitted.GetValueOrDefault(hour), durations.Count, durations.Count == 0 ? null : durations[durations.Count / 2]);
        }).ToArray();
        return new HubOverview(queue.ByState, queue.ByDestination, queue.OldestPendingAge, buckets);
    }

    /// <summary>The start of the hour (UTC) that <paramref name="at"/> falls in.</summary>
    private static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcDateTime.Date.AddHours(at.UtcDateTime.Hour), TimeSpan.Zero);

    /// <inheritdoc />
    public async Task<QueueSummary> GetQueueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var byState = await CountDeliveriesAsync(ct);
        await using var connection = await Db.OpenAsync(ct);
        var byDestination = await Db.ReadAllAsync(connection, null,
            "SELECT destination, state, SUM(n) AS n FROM delivery_counters GROUP BY destination, state HAVING SUM(n) <> 0 ORDER BY destination, state",
            r => new DestinationCount(r.Text("destination"), r.Enum<DeliveryState>("state"), r.Int("n")), ct);

        // A renewal planned for a later day is not waiting yet: it counts from the day it is due.
        var oldest = (await Db.ReadAllAsync(connection, null, $"""
            SELECT MIN(CASE WHEN message_kind = 'Renew' THEN due_at ELSE created_at END) AS oldest FROM deliveries
            WHERE {PortableMigrations.ClaimableStates} AND NOT (message_kind = 'Renew' AND state = 'Pending' AND due_at > @now)
            """, r => r.OptionalTime("oldest"), ct, ("@now", now)))[0];
        return new QueueSummary(byState, byDestination, now - oldest);
    }

    /// <summary>Counting a filter the counters cannot answer stops here (the page says "more than").</summary>
    public const int CountCap = 10_000;

    /// <inheritdoc />
    public async Task<DeliveryPage> ListDeliveriesAsync(DeliveryQuery query, CancellationToken ct)
    {
        var (where, parameters) = DeliveryFilter(query);
        var size = Math.Clamp(query.PageSize, 1, 500);
        // Going back (After): the oldest rows newer than the cursor, read upwards, then shown newest first again.
        var backwards = query.Before is null && query.After is not null;
        var page = new List<string>(where);
        if (query.Before is { } before)
        {
            page.Add("d.delivery_id < @before");
            parameters.Add(("@before", before));
        }
        else if (query.After is { } after)
        {
            page.Add("d.delivery_id > @after");
            parameters.Add(("@after", after));
        }

        var sql = $"""
            SELECT d.delivery_id, d.attest_id, a.initiative_kbo, d.destination, d.version, d.message_kind, d.state, d.attempts,
                   d.created_at, d.due_at, d.reason_code, d.last_error
            FROM deliveries d JOIN attests a ON a.attest_id = d.attest_id
            {Where(page)}
            ORDER BY d.delivery_id {(backwards ? "ASC" : "DESC")}
            LIMIT @take
            """;
        await using var connection = await Db.OpenAsync(ct);
        var rows = await Db.ReadAllAsync(connection, null, sql, r => new DeliveryRow(
            r.Long("delivery_id"), r.Id("attest_id"), r.Text("initiative_kbo"), r.Text("destination"), r.Int("version"),
            r.Enum<MessageKind>("message_kind"), r.Enum<DeliveryState>("state"), r.Int("attempts"),
            r.Time("created_at"), r.Time("due_at"), r.OptionalText("reason_code"), r.OptionalText("last_error")), ct, [.. parameters, ("@take", size)]);
        if (backwards)
        {
            rows.Reverse();
        }

        var (total, atLeast) = query.WithTotal ? await CountMatchingAsync(connection, query, where, parameters, ct) : (0, false);
        if (rows.Count == 0)
        {
            return new DeliveryPage(rows, null) { Total = total, TotalIsAtLeast = atLeast };
        }

        async Task<bool> AnyAsync(string beyond, long id) => await Db.ScalarAsync<long?>(connection, null,
            $"SELECT d.delivery_id FROM deliveries d JOIN attests a ON a.attest_id = d.attest_id {Where([.. where, beyond])} LIMIT 1", ct, [.. parameters, ("@edge", id)]) is not null;
        return new DeliveryPage(rows, await AnyAsync("d.delivery_id < @edge", rows[^1].DeliveryId) ? rows[^1].DeliveryId : null)
        {
            PreviousAfter = await AnyAsync("d.delivery_id > @edge", rows[0].DeliveryId) ? rows[0].DeliveryId : null,
            Total = total,
            TotalIsAtLeast = atLeast,
        };
    }

    /// <summary>The filter's conditions (without the page cursor) and their parameters.</summary>
    private static (List<string> Where, List<(string, object?)> Parameters) DeliveryFilter(DeliveryQuery query)
    {
        var where = new List<string>();
        var parameters = new List<(string, object?)>();
        void Add(string condition, string name, object? value)
        {
            where.Add(condition);
            parameters.Add((name, value));
        }

        if (query.State is { } state)
        {
            Add("d.state = @state", "@state", state.ToString());
        }

        if (!string.IsNullOrEmpty(query.Destination))
        {
            Add("(d.destination = @dest OR d.destination LIKE @destPrefix)", "@dest", query.Destination);
            parameters.Add(("@destPrefix", query.Destination + "-%"));
        }

        if (!string.IsNullOrEmpty(query.InitiativeKbo))
        {
            Add("a.initiative_kbo = @kbo", "@kbo", query.InitiativeKbo);
        }

        if (query.From is { } from)
        {
            Add("d.created_at >= @from", "@from", from);
        }

        if (query.To is { } to)
        {
            Add("d.created_at < @to", "@to", to);
        }

        return (where, parameters);
    }

    /// <summary>How many deliveries the filter matches: from the counters when it names only a state and a destination (exact),
    /// otherwise counted up to <see cref="CountCap"/>.</summary>
    private async Task<(long Total, bool AtLeast)> CountMatchingAsync(DbConnection connection, DeliveryQuery query, List<string> where, List<(string, object?)> parameters, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(query.InitiativeKbo) && query.From is null && query.To is null)
        {
            var counted = await Db.ScalarAsync<long?>(connection, null, $"""
                SELECT SUM(n) FROM delivery_counters d
                {Where(where.Where(w => !w.StartsWith("a.", StringComparison.Ordinal)).ToList())}
                """, ct, [.. parameters]);
            return (counted ?? 0, false);
        }

        var n = await Db.ScalarAsync<long>(connection, null, $"""
            SELECT COUNT(*) FROM (SELECT 1 FROM deliveries d JOIN attests a ON a.attest_id = d.attest_id {Where(where)} LIMIT {CountCap + 1}) capped
            """, ct, [.. parameters]);
        return n > CountCap ? (CountCap, true) : (n, false);
    }

    private static string Where(IReadOnlyCollection<string> conditions) => conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions);

    /// <inheritdoc />
    public async Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var rows = await Db.ReadAllAsync(connection, null, $"""
            SELECT destination, state, COALESCE(reason_code, last_error, '') AS reason, delivery_id, updated_at FROM deliveries
            WHERE {Failing.Sql} ORDER BY delivery_id LIMIT 100000
            """, r => (Destination: r.Text("destination"), State: r.Enum<DeliveryState>("state"), Reason: ReasonOf(r.Text("reason")), Id: r.Long("delivery_id"), At: r.Time("updated_at")),
            ct, Failing.Parameters);

        return rows
            .GroupBy(r => (r.Destination, r.State, r.Reason))
            .Select(g => new FailureGroup(g.Key.Destination, g.Key.State, g.Key.Reason, g.Count(), g.Select(r => r.Id).ToArray(), g.Min(r => r.At), g.Max(r => r.At)))
            .OrderByDescending(g => g.Count)
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<DeliveryDetail?> GetDeliveryAsync(long deliveryId, CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var found = await Db.ReadAllAsync(connection, null, $"""
            SELECT {Writes.ClaimDeliveries.ClaimedColumns}, a.initiative_kbo, d.reference, d.reason_code, d.last_error
            FROM deliveries d
            JOIN attest_versions v ON v.attest_id = d.attest_id AND v.version = d.version
            JOIN attests a ON a.attest_id = d.attest_id
            WHERE d.delivery_id = @id AND a.purged_at IS NULL
            """, r => new DeliveryDetail(Writes.ClaimDeliveries.ReadClaimed(r, Contents.Open(r.Text("content_json"), r.Text("attest_id"), r.Int("version"))),
                r.Text("initiative_kbo"), r.OptionalText("reference"), r.OptionalText("reason_code"), r.OptionalText("last_error"), []), ct, ("@id", deliveryId));
        if (found.Count == 0)
        {
            return null;
        }

        var attempts = await Db.ReadAllAsync(connection, null,
            "SELECT attempt_no, started_at, duration_ms, outcome, error, answer FROM attempts WHERE delivery_id = @id ORDER BY started_at, attempt_no",
            r => new AttemptView(r.Int("attempt_no"), r.Time("started_at"), TimeSpan.FromMilliseconds(r.Long("duration_ms")), r.Text("outcome"), r.OptionalText("error"), r.OptionalText("answer")),
            ct, ("@id", deliveryId));
        return found[0] with { Attempts = attempts };
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AttestSummary>> SearchAttestsAsync(Guid? attestId, string? insz, string? initiativeKbo, CancellationToken ct)
    {
        // An INSZ is looked up by its keyed hash (rows written before protection hold it in clear until rotation seals them).
        var (condition, name, value) = attestId is { } id ? ("a.attest_id = @v", "@v", (object)id.ToString("D"))
            : insz is not null ? ("a.insz IN (@v, @clear)", "@v", Protector.Lookup(insz))
            : initiativeKbo is not null ? ("a.initiative_kbo = @v", "@v", initiativeKbo)
            : throw new ArgumentException("Give an attest id, an INSZ or a KBO number.");
        await using var connection = await Db.OpenAsync(ct);
        return await Db.ReadAllAsync(connection, null, $"""
            SELECT a.attest_id, a.initiative_kbo, v.content_json, a.start_date, a.current_version, a.cancelled, a.created_at
            FROM attests a JOIN attest_versions v ON v.attest_id = a.attest_id AND v.version = a.current_version
            WHERE {condition} AND a.purged_at IS NULL ORDER BY a.created_at DESC LIMIT 200
            """, r =>
            {
                // The end as the initiative gave it (none: open-ended); the stored end_date stops at the day before the pension.
                var content = Contents.Open(r.Text("content_json"), r.Text("attest_id"), r.Int("current_version"));
                return new AttestSummary(
                    r.Id("attest_id"), r.Text("initiative_kbo"), content.Participant.Insz.Masked, r.Day("start_date"), content.Activity.EndDate,
                    r.Int("current_version"), r.Flag("cancelled"), r.Time("created_at"));
            }, ct, (name, value), ("@clear", insz ?? string.Empty));
    }

    private static readonly StateFilter Failing = new(DeliveryStateMachine.IsFailing, "failing");

    /// <summary>A failure reason without the parts that differ per message, so alike failures group together.</summary>
    private static string ReasonOf(string error)
    {
        var text = error.Length > 120 ? error[..120] : error;
        return MessageIds().Replace(text, "…");
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex MessageIds();
}
