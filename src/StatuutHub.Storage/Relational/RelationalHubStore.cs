using System.Data.Common;
using System.Globalization;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Storage.Relational;

/// <summary>The store contract in portable SQL over ADO.NET. The dialects (SQLite, PostgreSQL) add
/// only what differs: opening a connection, the schema, how writers serialise, and row locking.</summary>
public abstract class RelationalHubStore : IHubStore
{
    /// <inheritdoc />
    public abstract bool IsSharedAcrossProcesses { get; }

    /// <summary>The numbered schema steps of this dialect.</summary>
    protected abstract IReadOnlyList<(int Version, string Sql)> Migrations { get; }

    /// <summary>Appended to SELECTs that read a row the transaction will change (PostgreSQL: FOR UPDATE).</summary>
    protected abstract string RowLock { get; }

    /// <summary>Appended to the claim query (PostgreSQL: FOR UPDATE OF d SKIP LOCKED).</summary>
    protected abstract string ClaimLock { get; }

    /// <summary>An open connection with the dialect's per-connection settings.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A transaction that will write (SQLite: BEGIN IMMEDIATE, one writer at a time).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A transaction that only reads, for a consistent view of one attest.</summary>
    protected virtual async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) => await connection.BeginTransactionAsync(ct);

    /// <summary>Serialises submissions that could conflict (same attest id or same INSZ) across processes.</summary>
    protected abstract Task LockForSubmitAsync(DbConnection connection, DbTransaction tx, string attestId, string insz, CancellationToken ct);

    /// <summary>Runs once before the migrations (SQLite: WAL mode) and inside each migration step (PostgreSQL: a lock).</summary>
    protected abstract Task BeforeMigrationAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct);

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await BeforeMigrationAsync(connection, null, ct);
        await ExecAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);", ct);
        foreach (var (version, sql) in Migrations)
        {
            await using var tx = await BeginWriteAsync(connection, ct);
            await BeforeMigrationAsync(connection, tx, ct);
            var applied = await ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", ct, ("@v", version));
            if (applied == 0)
            {
                await ExecAsync(connection, tx, sql, ct);
                await ExecAsync(connection, tx, "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)", ct,
                    ("@v", version), ("@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
            }

            await tx.CommitAsync(ct);
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM schema_migrations", ct) > 0;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>Runs one unit of writing in a write transaction and commits it. A store may group several
    /// callers' units into one commit (SQLite does: one fsync for many); each unit still sees the writes
    /// of the units before it, and its result is returned only after the commit.</summary>
    protected virtual async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var result = await work(connection, tx, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <inheritdoc />
    public async Task<WriteResult> SubmitAsync(Attest attest, string actor, DateTimeOffset at, CancellationToken ct)
    {
        var id = attest.AttestId.ToString("D");
        var hash = CanonicalAttestJson.Hash(attest);
        // Everything that needs no database is done before the write unit: with group commit, units run one at a time.
        var json = CanonicalAttestJson.Write(attest);
        var plan = Router.Plan(attest);
        return await WriteAsync(async (connection, tx, ct) =>
        {
            await LockForSubmitAsync(connection, tx, id, attest.Participant.Insz.Value, ct);

            var existing = await ReadAttestRowAsync(connection, tx, id, ct);
            if (existing is not null)
            {
                var status = await DeriveStatusAsync(connection, tx, id, existing.Cancelled, ct);
                return existing.FirstHash == hash
                    ? new WriteResult(WriteOutcome.AlreadyAccepted, attest.AttestId, 1, status)
                    : new WriteResult(WriteOutcome.Conflict, attest.AttestId, existing.CurrentVersion, status, "ATTEST_ID_REUSED");
            }

            if (await FindOverlapAsync(connection, tx, attest, ct) is { } other)
            {
                return new WriteResult(WriteOutcome.Conflict, attest.AttestId, 0, AttestStatus.InProgress, "OVERLAPPING_ATTEST", other);
            }

            var now = Ms(at);
            await ExecAsync(connection, tx, """
                INSERT INTO attests (attest_id, initiative_kbo, insz, start_date, end_date, current_version, first_hash, current_hash, cancelled, created_at, updated_at)
                VALUES (@id, @kbo, @insz, @start, @end, 1, @hash, @hash, 0, @now, @now)
                """, ct,
                ("@id", id), ("@kbo", attest.Initiative.Kbo.Value), ("@insz", attest.Participant.Insz.Value),
                ("@start", Day(attest.Activity.StartDate)), ("@end", Day(attest.Activity.EndDate)), ("@hash", hash), ("@now", now));
            var version = AttestVersion.First(attest, at);
            await InsertVersionAndPlanAsync(connection, tx, version, plan, actor, ct, json);
            return new WriteResult(WriteOutcome.Accepted, attest.AttestId, 1, AttestStatus.InProgress);
        }, ct);
    }

    /// <inheritdoc />
    public async Task<WriteResult> ChangeAsync(Guid attestId, AttestChange change, Attest? content, string actor, DateTimeOffset at, CancellationToken ct)
    {
        if (change == AttestChange.Submitted)
        {
            throw new ArgumentException("Use SubmitAsync for a new attest.", nameof(change));
        }

        var id = attestId.ToString("D");
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var row = await ReadAttestRowAsync(connection, tx, id, ct, RowLock);
            if (row is null)
            {
                return new WriteResult(WriteOutcome.NotFound, attestId, 0, AttestStatus.InProgress);
            }

            if (row.Cancelled)
            {
                return change == AttestChange.Cancelled
                    ? new WriteResult(WriteOutcome.AlreadyAccepted, attestId, row.CurrentVersion, AttestStatus.Cancelled)
                    : new WriteResult(WriteOutcome.Conflict, attestId, row.CurrentVersion, AttestStatus.Cancelled, "ATTEST_CANCELLED");
            }

            var current = CanonicalAttestJson.Read(await ScalarAsync<string>(connection, tx,
                "SELECT content_json FROM attest_versions WHERE attest_id = @id AND version = @v", ct, ("@id", id), ("@v", row.CurrentVersion)));
            var next = content ?? current;
            var hash = CanonicalAttestJson.Hash(next);
            if (change != AttestChange.Cancelled && hash == row.CurrentHash)
            {
                return new WriteResult(WriteOutcome.AlreadyAccepted, attestId, row.CurrentVersion, await DeriveStatusAsync(connection, tx, id, false, ct));
            }

            if (change != AttestChange.Cancelled && await FindOverlapAsync(connection, tx, next, ct) is { } other)
            {
                return new WriteResult(WriteOutcome.Conflict, attestId, row.CurrentVersion, AttestStatus.InProgress, "OVERLAPPING_ATTEST", other);
            }

            var informed = await InformedDestinationsAsync(connection, tx, id, ct);
            var version = new AttestVersion(attestId, row.CurrentVersion + 1, change, next, at);
            await InsertVersionAndPlanAsync(connection, tx, version, Router.PlanChange(informed, version), actor, ct);
            await ExecAsync(connection, tx, """
                UPDATE attests SET current_version = @v, current_hash = @hash, start_date = @start, end_date = @end,
                    cancelled = @cancelled, updated_at = @now WHERE attest_id = @id
                """, ct,
                ("@v", version.Version), ("@hash", hash), ("@start", Day(next.Activity.StartDate)), ("@end", Day(next.Activity.EndDate)),
                ("@cancelled", change == AttestChange.Cancelled ? 1 : 0), ("@now", Ms(at)), ("@id", id));
            var status = await DeriveStatusAsync(connection, tx, id, change == AttestChange.Cancelled, ct);
            return new WriteResult(WriteOutcome.Accepted, attestId, version.Version, status);
        }, ct);
    }

    /// <inheritdoc />
    public async Task<AttestView?> GetAttestAsync(Guid attestId, CancellationToken ct)
    {
        var id = attestId.ToString("D");
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginReadAsync(connection, ct);
        var row = await ReadAttestRowAsync(connection, tx, id, ct);
        if (row is null)
        {
            return null;
        }

        var content = CanonicalAttestJson.Read(await ScalarAsync<string>(connection, tx,
            "SELECT content_json FROM attest_versions WHERE attest_id = @id AND version = @v", ct, ("@id", id), ("@v", row.CurrentVersion)));
        var deliveries = new List<DeliveryView>();
        await using (var cmd = Command(connection, tx, """
            SELECT delivery_id, message_id, destination, version, message_kind, state, attempts, due_at, sent_at, answer_due_at,
                   decided_at, reference, reason_code, last_error
            FROM deliveries WHERE attest_id = @id ORDER BY version, delivery_id
            """, ("@id", id)))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                deliveries.Add(new DeliveryView(
                    reader.GetInt64(0), Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetInt32(3),
                    Enum.Parse<MessageKind>(reader.GetString(4)), Enum.Parse<DeliveryState>(reader.GetString(5)), reader.GetInt32(6),
                    FromMs(reader.GetInt64(7)), OptionalMs(reader, 8), OptionalMs(reader, 9), OptionalMs(reader, 10),
                    OptionalText(reader, 11), OptionalText(reader, 12), OptionalText(reader, 13)));
            }
        }

        var history = new List<AuditEventView>();
        await using (var cmd = Command(connection, tx,
            "SELECT seq, at, kind, destination, detail, actor FROM audit_events WHERE attest_id = @id ORDER BY seq", ("@id", id)))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                history.Add(new AuditEventView(reader.GetInt64(0), FromMs(reader.GetInt64(1)), reader.GetString(2), OptionalText(reader, 3), reader.GetString(4), reader.GetString(5)));
            }
        }

        var status = AttestStatusRule.Derive(row.Cancelled, CurrentStates(deliveries.Select(d => (d.Destination, d.Version, d.Kind, d.State))));
        return new AttestView(attestId, row.CurrentVersion, status, content, FromMs(row.CreatedAt), deliveries, history);
    }

    /// <summary>Due, unleased deliveries whose earlier versions for the same destination are all sent, oldest
    /// first, with their attest content: columns delivery_id, message_id, attest_id, version, destination,
    /// message_kind, state, attempts, content_json, trace_parent; parameters @now and @max.</summary>
    protected virtual string ClaimSql => """
        SELECT d.delivery_id, d.message_id, d.attest_id, d.version, d.destination, d.message_kind, d.state, d.attempts, v.content_json, d.trace_parent
        FROM deliveries d
        JOIN attest_versions v ON v.attest_id = d.attest_id AND v.version = d.version
        WHERE d.state IN ('Pending', 'RetryScheduled') AND d.due_at <= @now
          AND (d.lease_until IS NULL OR d.lease_until < @now)
          AND NOT EXISTS (
              SELECT 1 FROM deliveries e
              WHERE e.attest_id = d.attest_id AND e.destination = d.destination AND e.version < d.version
                AND e.state IN ('Pending', 'RetryScheduled', 'DeadLettered'))
        ORDER BY d.due_at, d.delivery_id
        LIMIT @max
        """ + ClaimLock;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct)
    {
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var claimed = new List<ClaimedDelivery>();
            await using (var cmd = Command(connection, tx, ClaimSql, ("@now", Ms(now)), ("@max", max)))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    if (!Destination.TryParse(reader.GetString(4), out var destination))
                    {
                        throw new InvalidDataException($"Unknown destination '{reader.GetString(4)}' in delivery {reader.GetInt64(0)}.");
                    }

                    claimed.Add(new ClaimedDelivery(
                        reader.GetInt64(0), Guid.Parse(reader.GetString(1)), Guid.Parse(reader.GetString(2)), reader.GetInt32(3),
                        destination, Enum.Parse<MessageKind>(reader.GetString(5)), Enum.Parse<DeliveryState>(reader.GetString(6)),
                        reader.GetInt32(7), CanonicalAttestJson.Read(reader.GetString(8)), OptionalText(reader, 9)));
                }
            }

            foreach (var delivery in claimed)
            {
                await ExecAsync(connection, tx, "UPDATE deliveries SET lease_owner = @owner, lease_until = @until WHERE delivery_id = @id", ct,
                    ("@owner", owner), ("@until", Ms(leaseUntil)), ("@id", delivery.DeliveryId));
            }

            return claimed;
        }, ct);
    }

    /// <inheritdoc />
    public async Task<bool> CompleteAttemptAsync(string owner, AttemptRecord attempt, CancellationToken ct)
    {
        var finishedAt = attempt.StartedAt + attempt.Duration;
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var destination = await ScalarAsync<string?>(connection, tx, """
                UPDATE deliveries SET
                    state = @to, attempts = @attempts,
                    due_at = COALESCE(@next, due_at),
                    sent_at = CASE WHEN @to IN ('Sent', 'Acknowledged', 'Rejected') THEN COALESCE(sent_at, @finished) ELSE sent_at END,
                    answer_due_at = COALESCE(@answerDue, answer_due_at),
                    decided_at = CASE WHEN @to IN ('Acknowledged', 'Rejected') THEN @finished ELSE decided_at END,
                    reference = COALESCE(@reference, reference),
                    reason_code = COALESCE(@reason, reason_code),
                    last_error = @error,
                    lease_owner = NULL, lease_until = NULL, updated_at = @finished
                WHERE delivery_id = @id AND state = @from AND lease_owner = @owner
                RETURNING destination
                """, ct,
                ("@to", attempt.To.ToString()), ("@attempts", attempt.Attempts), ("@next", attempt.NextDueAt is { } n ? Ms(n) : null),
                ("@finished", Ms(finishedAt)), ("@answerDue", attempt.AnswerDueAt is { } a ? Ms(a) : null),
                ("@reference", attempt.Reference), ("@reason", attempt.ReasonCode), ("@error", attempt.Error),
                ("@id", attempt.DeliveryId), ("@from", attempt.From.ToString()), ("@owner", owner));
            if (destination is null)
            {
                return false;
            }

            await ExecAsync(connection, tx, """
                INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, outcome, error)
                VALUES (@id, @no, @started, @duration, @outcome, @error)
                """, ct,
                ("@id", attempt.DeliveryId), ("@no", attempt.Attempts), ("@started", Ms(attempt.StartedAt)),
                ("@duration", (long)attempt.Duration.TotalMilliseconds), ("@outcome", attempt.Outcome), ("@error", attempt.Error));
            var detail = attempt.Error is null ? $"{attempt.From} → {attempt.To} ({attempt.Outcome})" : $"{attempt.From} → {attempt.To} ({attempt.Outcome}): {attempt.Error}";
            await AuditForDeliveryAsync(connection, tx, attempt.DeliveryId, $"Delivery{attempt.To}", detail, "dispatcher", finishedAt, ct);
            await CountsAsync(connection, tx, new CountDeltas().Move(destination, attempt.From, attempt.To), ct);
            return true;
        }, ct);
    }

    /// <inheritdoc />
    public async Task<AckOutcome> ApplyAckAsync(AgencyAck ack, CancellationToken ct)
    {
        return await WriteAsync(async (connection, tx, ct) =>
        {
            (long Id, string Destination, DeliveryState State)? found = null;
            await using (var cmd = Command(connection, tx, $"SELECT delivery_id, destination, state FROM deliveries WHERE message_id = @m {RowLock}", ("@m", ack.MessageId.ToString("D"))))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    found = (reader.GetInt64(0), reader.GetString(1), Enum.Parse<DeliveryState>(reader.GetString(2)));
                }
            }

            if (found is not { } delivery)
            {
                await RecordAckAsync(connection, tx, ack, AckOutcome.UnknownMessage, ct);
                    return AckOutcome.UnknownMessage;
            }

            var (deliveryId, destinationId, state) = delivery;
            AckOutcome outcome;
            if (!Destination.TryParse(destinationId, out var destination) || destination.Kind != ack.Agency)
            {
                outcome = AckOutcome.WrongAgency;
            }
            else if (DeliveryStateMachine.IsFinal(state))
            {
                outcome = (state == DeliveryState.Acknowledged) == ack.Approved ? AckOutcome.Duplicate : AckOutcome.Conflict;
            }
            else if (!DeliveryStateMachine.TryApply(state, ack.Approved ? DeliveryEvent.Approved : DeliveryEvent.Refused, out var to))
            {
                outcome = AckOutcome.Conflict;
            }
            else
            {
                await ExecAsync(connection, tx, """
                    UPDATE deliveries SET state = @to, decided_at = @at, reason_code = @reason, reference = COALESCE(@reference, reference),
                        lease_owner = NULL, lease_until = NULL, updated_at = @at
                    WHERE delivery_id = @id
                    """, ct,
                    ("@to", to.ToString()), ("@at", Ms(ack.At)), ("@reason", ack.ReasonCode), ("@reference", ack.Reference), ("@id", deliveryId));
                var detail = ack.Approved
                    ? $"goedgekeurd door {destination.Id}{(ack.Reference is null ? string.Empty : $" (ref {ack.Reference})")}"
                    : $"geweigerd door {destination.Id}: {ack.ReasonCode} {ack.Reason}";
                await AuditForDeliveryAsync(connection, tx, deliveryId, ack.Approved ? "DecisionApproved" : "DecisionRefused", detail, $"agency:{Destination.KindName(ack.Agency)}", ack.At, ct);
                await CountsAsync(connection, tx, new CountDeltas().Move(destinationId, state, to), ct);
                outcome = AckOutcome.Applied;
            }

            await RecordAckAsync(connection, tx, ack, outcome, ct);
            return outcome;
        }, ct);
    }

    /// <inheritdoc />
    public async Task<int> MarkOverdueAsync(DateTimeOffset now, CancellationToken ct)
    {
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var ids = new List<(long Id, string Destination)>();
            await using (var cmd = Command(connection, tx, """
                UPDATE deliveries SET state = 'Overdue', updated_at = @now
                WHERE state = 'Sent' AND answer_due_at IS NOT NULL AND answer_due_at <= @now
                RETURNING delivery_id, destination
                """, ("@now", Ms(now))))
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    ids.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            foreach (var (id, _) in ids)
            {
                await AuditForDeliveryAsync(connection, tx, id, "DeliveryOverdue", "de afgesproken antwoordtermijn is verstreken", "overdue-scan", now, ct);
            }

            var overdue = new CountDeltas();
            foreach (var (_, destination) in ids)
            {
                overdue.Move(destination, DeliveryState.Sent, DeliveryState.Overdue);
            }

            await CountsAsync(connection, tx, overdue, ct);

            return ids.Count;
        }, ct);
    }

    /// <inheritdoc />
    public async Task ReleaseAllLeasesAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecAsync(connection, null, "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL", ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<DeliveryState, int>> CountDeliveriesAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var counts = Enum.GetValues<DeliveryState>().ToDictionary(s => s, _ => 0);
        await using var cmd = Command(connection, null, "SELECT state, SUM(n) FROM delivery_counters GROUP BY state");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            counts[Enum.Parse<DeliveryState>(reader.GetString(0))] = (int)Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return counts;
    }

    /// <inheritdoc />
    public async Task<HubOverview> GetOverviewAsync(DateTimeOffset now, CancellationToken ct)
    {
        var byState = await CountDeliveriesAsync(ct);
        await using var connection = await OpenAsync(ct);
        var byDestination = new List<DestinationCount>();
        await using (var cmd = Command(connection, null, "SELECT destination, state, SUM(n) FROM delivery_counters GROUP BY destination, state HAVING SUM(n) <> 0 ORDER BY destination, state"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                byDestination.Add(new DestinationCount(reader.GetString(0), Enum.Parse<DeliveryState>(reader.GetString(1)), (int)Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)));
            }
        }

        var oldest = await ScalarAsync<long?>(connection, null, "SELECT MIN(created_at) FROM deliveries WHERE state IN ('Pending', 'RetryScheduled')", ct);
        var since = now.AddHours(-23);
        var firstHour = new DateTimeOffset(since.Year, since.Month, since.Day, since.Hour, 0, 0, TimeSpan.Zero);
        var submitted = new Dictionary<long, int>();
        await using (var cmd = Command(connection, null, "SELECT created_at / 3600000, COUNT(*) FROM attests WHERE created_at >= @since GROUP BY created_at / 3600000", ("@since", Ms(firstHour))))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                submitted[reader.GetInt64(0)] = (int)reader.GetInt64(1);
            }
        }

        // An attest counts as recognised at its last decision once every delivery of it is acknowledged.
        var recognised = new Dictionary<long, List<long>>();
        await using (var cmd = Command(connection, null, """
            SELECT a.created_at, MAX(d.decided_at)
            FROM attests a JOIN deliveries d ON d.attest_id = a.attest_id
            WHERE a.created_at >= @since AND a.cancelled = 0
            GROUP BY a.attest_id, a.created_at
            HAVING SUM(CASE WHEN d.state = 'Acknowledged' OR d.message_kind = 'Cancel' THEN 0 ELSE 1 END) = 0
            """, ("@since", Ms(firstHour))))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                if (reader.IsDBNull(1))
                {
                    continue;
                }

                var decidedAt = reader.GetInt64(1);
                var hour = decidedAt / 3_600_000;
                if (!recognised.TryGetValue(hour, out var durations))
                {
                    recognised[hour] = durations = [];
                }

                durations.Add(decidedAt - reader.GetInt64(0));
            }
        }

        var buckets = Enumerable.Range(0, 24).Select(i =>
        {
            var hour = firstHour.AddHours(i);
            var key = Ms(hour) / 3_600_000;
            var durations = recognised.TryGetValue(key, out var d) ? d.Order().ToList() : [];
            return new HourBucket(hour, submitted.GetValueOrDefault(key), durations.Count,
                durations.Count == 0 ? null : TimeSpan.FromMilliseconds(durations[durations.Count / 2]));
        }).ToArray();
        return new HubOverview(byState, byDestination, oldest is { } o ? now - FromMs(o) : null, buckets);
    }

    /// <inheritdoc />
    public async Task<DeliveryPage> ListDeliveriesAsync(DeliveryQuery query, CancellationToken ct)
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
            Add("d.created_at >= @from", "@from", Ms(from));
        }

        if (query.To is { } to)
        {
            Add("d.created_at < @to", "@to", Ms(to));
        }

        if (query.Before is { } before)
        {
            Add("d.delivery_id < @before", "@before", before);
        }

        var size = Math.Clamp(query.PageSize, 1, 500);
        parameters.Add(("@take", size + 1));
        var sql = $"""
            SELECT d.delivery_id, d.attest_id, a.initiative_kbo, d.destination, d.version, d.message_kind, d.state, d.attempts,
                   d.created_at, d.due_at, d.reason_code, d.last_error
            FROM deliveries d JOIN attests a ON a.attest_id = d.attest_id
            {(where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where))}
            ORDER BY d.delivery_id DESC
            LIMIT @take
            """;
        await using var connection = await OpenAsync(ct);
        var rows = new List<DeliveryRow>();
        await using (var cmd = Command(connection, null, sql, parameters.ToArray()))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new DeliveryRow(
                    reader.GetInt64(0), Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                    Enum.Parse<MessageKind>(reader.GetString(5)), Enum.Parse<DeliveryState>(reader.GetString(6)), reader.GetInt32(7),
                    FromMs(reader.GetInt64(8)), FromMs(reader.GetInt64(9)), OptionalText(reader, 10), OptionalText(reader, 11)));
            }
        }

        return rows.Count > size ? new DeliveryPage(rows.Take(size).ToArray(), rows[size - 1].DeliveryId) : new DeliveryPage(rows, null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FailureGroup>> GetFailureGroupsAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = new List<(string Destination, DeliveryState State, string Reason, long Id)>();
        await using (var cmd = Command(connection, null, """
            SELECT destination, state, COALESCE(reason_code, last_error, ''), delivery_id FROM deliveries
            WHERE state IN ('RetryScheduled', 'DeadLettered') ORDER BY delivery_id LIMIT 100000
            """))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), Enum.Parse<DeliveryState>(reader.GetString(1)), ReasonOf(reader.GetString(2)), reader.GetInt64(3)));
            }
        }

        return rows
            .GroupBy(r => (r.Destination, r.State, r.Reason))
            .Select(g => new FailureGroup(g.Key.Destination, g.Key.State, g.Key.Reason, g.Count(), g.Select(r => r.Id).ToArray()))
            .OrderByDescending(g => g.Count)
            .ToArray();
    }

    /// <inheritdoc />
    public async Task<RequeueResult> RequeueAsync(IReadOnlyCollection<long> deliveryIds, string actor, DateTimeOffset at, CancellationToken ct)
    {
        return await WriteAsync(async (connection, tx, ct) =>
        {
            var requeued = 0;
            var moved = new CountDeltas();
            foreach (var id in deliveryIds.Distinct())
            {
                var row = await ScalarAsync<string?>(connection, tx, $"SELECT state || '|' || destination FROM deliveries WHERE delivery_id = @id {RowLock}", ct, ("@id", id));
                if (row?.Split('|') is not [var state, var destination] || !DeliveryStateMachine.TryApply(Enum.Parse<DeliveryState>(state), DeliveryEvent.Replayed, out _))
                {
                    continue;
                }


                var deadLetter = state == nameof(DeliveryState.DeadLettered);
                await ExecAsync(connection, tx, """
                    UPDATE deliveries SET state = 'Pending', due_at = @at, attempts = CASE WHEN @fresh = 1 THEN 0 ELSE attempts END,
                        lease_owner = NULL, lease_until = NULL, updated_at = @at
                    WHERE delivery_id = @id
                    """, ct, ("@at", Ms(at)), ("@fresh", deadLetter ? 1 : 0), ("@id", id));
                await AuditForDeliveryAsync(connection, tx, id, deadLetter ? "DeliveryReplayed" : "DeliveryRetried",
                    deadLetter ? "dode brief opnieuw aangeboden, nieuw pogingenbudget" : "nu opnieuw proberen", actor, at, ct);
                moved.Move(destination, Enum.Parse<DeliveryState>(state), DeliveryState.Pending);
                requeued++;
            }

            await CountsAsync(connection, tx, moved, ct);
            return new RequeueResult(requeued, deliveryIds.Distinct().Count() - requeued);
        }, ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AttestSummary>> SearchAttestsAsync(Guid? attestId, string? insz, string? initiativeKbo, CancellationToken ct)
    {
        var (condition, name, value) = attestId is { } id ? ("attest_id = @v", "@v", (object)id.ToString("D"))
            : insz is not null ? ("insz = @v", "@v", insz)
            : initiativeKbo is not null ? ("initiative_kbo = @v", "@v", initiativeKbo)
            : throw new ArgumentException("Give an attest id, an INSZ or a KBO number.");
        await using var connection = await OpenAsync(ct);
        var found = new List<AttestSummary>();
        await using var cmd = Command(connection, null, $"""
            SELECT attest_id, initiative_kbo, insz, start_date, end_date, current_version, cancelled, created_at
            FROM attests WHERE {condition} ORDER BY created_at DESC LIMIT 200
            """, (name, value));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(new AttestSummary(
                Guid.Parse(reader.GetString(0)), reader.GetString(1), StatuutHub.Domain.Identifiers.Insz.Mask(reader.GetString(2)),
                DateOnly.Parse(reader.GetString(3), CultureInfo.InvariantCulture), DateOnly.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                reader.GetInt32(5), reader.GetInt64(6) != 0, FromMs(reader.GetInt64(7))));
        }

        return found;
    }

    /// <summary>Keeps <c>delivery_counters</c> exact in the same transaction as the state change, so the
    /// overview never counts a million rows. Each count is spread over <see cref="CounterSlots"/> rows
    /// (summed on read) so concurrent writers on PostgreSQL rarely wait for the same row; deltas are
    /// applied last and in one sorted order, so two writers never take counter rows in opposite orders.</summary>
    private static async Task CountsAsync(DbConnection c, DbTransaction tx, CountDeltas deltas, CancellationToken ct)
    {
        var slot = Random.Shared.Next(CounterSlots);
        foreach (var ((destination, state), n) in deltas.Sorted())
        {
            await ExecAsync(c, tx, """
                INSERT INTO delivery_counters (destination, state, slot, n) VALUES (@d, @s, @slot, @n)
                ON CONFLICT (destination, state, slot) DO UPDATE SET n = delivery_counters.n + excluded.n
                """, ct, ("@d", destination), ("@s", state), ("@slot", slot), ("@n", n));
        }
    }

    private const int CounterSlots = 16;

    /// <summary>Counter changes collected during one transaction.</summary>
    private sealed class CountDeltas
    {
        private readonly Dictionary<(string Destination, string State), long> _deltas = [];

        public CountDeltas Move(string destination, DeliveryState? from, DeliveryState to)
        {
            if (from is { } f)
            {
                Add(destination, f.ToString(), -1);
            }

            Add(destination, to.ToString(), 1);
            return this;
        }

        public IEnumerable<KeyValuePair<(string Destination, string State), long>> Sorted() =>
            _deltas.Where(d => d.Value != 0).OrderBy(d => d.Key.Destination, StringComparer.Ordinal).ThenBy(d => d.Key.State, StringComparer.Ordinal);

        private void Add(string destination, string state, long n) =>
            _deltas[(destination, state)] = _deltas.GetValueOrDefault((destination, state)) + n;
    }

    /// <summary>A failure reason without the parts that differ per message, so alike failures group together.</summary>
    private static string ReasonOf(string error)
    {
        var text = error.Length > 120 ? error[..120] : error;
        return System.Text.RegularExpressions.Regex.Replace(text, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "…");
    }

    /// <summary>Per destination, the state of its newest non-cancel message: that is what the
    /// destination currently thinks of the attest.</summary>
    internal static IEnumerable<DeliveryState> CurrentStates(IEnumerable<(string Destination, int Version, MessageKind Kind, DeliveryState State)> deliveries) =>
        deliveries
            .GroupBy(d => d.Destination)
            .Select(g => g.OrderByDescending(d => d.Version).First())
            .Where(d => d.Kind != MessageKind.Cancel)
            .Select(d => d.State);

    private async Task InsertVersionAndPlanAsync(DbConnection c, DbTransaction tx, AttestVersion version, RoutingPlan plan, string actor, CancellationToken ct, string? contentJson = null)
    {
        var deltas = new CountDeltas();
        var id = version.AttestId.ToString("D");
        var at = Ms(version.RecordedAt);
        await ExecAsync(c, tx, "INSERT INTO attest_versions (attest_id, version, change, content_json, recorded_at) VALUES (@id, @v, @change, @json, @at)", ct,
            ("@id", id), ("@v", version.Version), ("@change", version.Change.ToString()), ("@json", contentJson ?? CanonicalAttestJson.Write(version.Content)), ("@at", at));
        await AuditAsync(c, tx, id, null, null, $"Attest{version.Change}",
            $"versie {version.Version}: {string.Join(", ", plan.Messages.Select(m => $"{m.Kind} → {m.Destination.Id}"))}"
            + (plan.Gaps.Count > 0 ? $"; niet gemeld: {string.Join(", ", plan.Gaps.Select(g => g.Body))}" : string.Empty),
            actor, version.RecordedAt, ct);
        foreach (var message in plan.Messages)
        {
            await ExecAsync(c, tx, """
                INSERT INTO deliveries (message_id, attest_id, version, destination, message_kind, state, attempts, due_at, created_at, updated_at, trace_parent)
                VALUES (@m, @id, @v, @dest, @kind, 'Pending', 0, @at, @at, @at, @trace)
                """, ct,
                ("@m", Guid.CreateVersion7(version.RecordedAt).ToString("D")), ("@id", id), ("@v", version.Version),
                ("@dest", message.Destination.Id), ("@kind", message.Kind.ToString()), ("@at", at),
                // The request's trace travels with the delivery, so the later send joins the same trace.
                ("@trace", System.Diagnostics.Activity.Current?.Id));
            deltas.Move(message.Destination.Id, null, DeliveryState.Pending);
        }

        await CountsAsync(c, tx, deltas, ct);
    }

    private static async Task<IReadOnlyCollection<Destination>> InformedDestinationsAsync(DbConnection c, DbTransaction tx, string id, CancellationToken ct)
    {
        var rows = new List<(string, int, MessageKind, DeliveryState)>();
        await using var cmd = Command(c, tx, "SELECT destination, version, message_kind, state FROM deliveries WHERE attest_id = @id", ("@id", id));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), Enum.Parse<MessageKind>(reader.GetString(2)), Enum.Parse<DeliveryState>(reader.GetString(3))));
        }

        return rows
            .GroupBy(r => r.Item1)
            .Where(g => g.OrderByDescending(r => r.Item2).First().Item3 != MessageKind.Cancel)
            .Select(g => Destination.TryParse(g.Key, out var d) ? d : throw new InvalidDataException($"Unknown destination '{g.Key}'."))
            .ToArray();
    }

    private static async Task<AttestStatus> DeriveStatusAsync(DbConnection c, DbTransaction tx, string id, bool cancelled, CancellationToken ct)
    {
        var rows = new List<(string, int, MessageKind, DeliveryState)>();
        await using var cmd = Command(c, tx, "SELECT destination, version, message_kind, state FROM deliveries WHERE attest_id = @id", ("@id", id));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), Enum.Parse<MessageKind>(reader.GetString(2)), Enum.Parse<DeliveryState>(reader.GetString(3))));
        }

        return AttestStatusRule.Derive(cancelled, CurrentStates(rows));
    }

    private static async Task<Guid?> FindOverlapAsync(DbConnection c, DbTransaction tx, Attest attest, CancellationToken ct)
    {
        var other = await ScalarAsync<string?>(c, tx, """
            SELECT attest_id FROM attests
            WHERE insz = @insz AND cancelled = 0 AND attest_id <> @id AND start_date <= @end AND end_date >= @start
            ORDER BY created_at LIMIT 1
            """, ct,
            ("@insz", attest.Participant.Insz.Value), ("@id", attest.AttestId.ToString("D")),
            ("@start", Day(attest.Activity.StartDate)), ("@end", Day(attest.Activity.EndDate)));
        return other is null ? null : Guid.Parse(other);
    }

    private static async Task<AttestRow?> ReadAttestRowAsync(DbConnection c, DbTransaction tx, string id, CancellationToken ct, string rowLock = "")
    {
        var sql = $"SELECT current_version, first_hash, current_hash, cancelled, created_at FROM attests WHERE attest_id = @id {rowLock}";
        var cached = CachedCommand(c, tx, sql, [("@id", id)]);
        await using var owned = cached is null ? Command(c, tx, sql, ("@id", id)) : null;
        await using var reader = await (cached ?? owned!).ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new AttestRow(reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0, reader.GetInt64(4))
            : null;
    }

    private static async Task RecordAckAsync(DbConnection c, DbTransaction tx, AgencyAck ack, AckOutcome outcome, CancellationToken ct) =>
        await ExecAsync(c, tx, """
            INSERT INTO acks (message_id, agency, approved, reason_code, reference, outcome, received_at)
            VALUES (@m, @agency, @approved, @reason, @reference, @outcome, @at)
            """, ct,
            ("@m", ack.MessageId.ToString("D")), ("@agency", Destination.KindName(ack.Agency)), ("@approved", ack.Approved ? 1 : 0),
            ("@reason", ack.ReasonCode), ("@reference", ack.Reference), ("@outcome", outcome.ToString()), ("@at", Ms(ack.At)));

    private static async Task AuditForDeliveryAsync(DbConnection c, DbTransaction tx, long deliveryId, string kind, string detail, string actor, DateTimeOffset at, CancellationToken ct)
    {
        var row = await ScalarAsync<string?>(c, tx, "SELECT attest_id || '|' || destination FROM deliveries WHERE delivery_id = @id", ct, ("@id", deliveryId));
        if (row?.Split('|') is [var attestId, var destination])
        {
            await AuditAsync(c, tx, attestId, deliveryId, destination, kind, detail, actor, at, ct);
        }
    }

    /// <summary>Appends an audit event to its hash chain: its hash covers its fields and the hash of the previous
    /// event of the same chain. A chain is one delivery's events, or one attest's own events (submitted, amended,
    /// cancelled). Those writes are already serialised by the delivery's row lock or the attest's lock, so the
    /// chain needs no lock of its own and processes keep writing different deliveries at once.</summary>
    private static async Task AuditAsync(DbConnection c, DbTransaction tx, string attestId, long? deliveryId, string? destination, string kind, string detail, string actor, DateTimeOffset at, CancellationToken ct)
    {
        var previous = deliveryId is { } d
            ? await ScalarAsync<string?>(c, tx, "SELECT hash FROM audit_events WHERE attest_id = @a AND delivery_id = @d ORDER BY seq DESC LIMIT 1", ct, ("@a", attestId), ("@d", d))
            : await ScalarAsync<string?>(c, tx, "SELECT hash FROM audit_events WHERE attest_id = @a AND delivery_id IS NULL ORDER BY seq DESC LIMIT 1", ct, ("@a", attestId));
        var hash = AuditChain.Hash(previous, Ms(at), attestId, deliveryId, destination, kind, detail, actor);
        await ExecAsync(c, tx, """
            INSERT INTO audit_events (at, attest_id, delivery_id, destination, kind, detail, actor, prev_hash, hash)
            VALUES (@at, @a, @d, @dest, @kind, @detail, @actor, @prev, @hash)
            """, ct,
            ("@at", Ms(at)), ("@a", attestId), ("@d", deliveryId), ("@dest", destination), ("@kind", kind), ("@detail", detail), ("@actor", actor),
            ("@prev", previous), ("@hash", hash));
    }

    /// <inheritdoc />
    public async Task<AuditVerification> VerifyAuditAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var cmd = Command(connection, null, "SELECT seq, at, attest_id, delivery_id, destination, kind, detail, actor, prev_hash, hash FROM audit_events ORDER BY attest_id, COALESCE(delivery_id, 0), seq");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        string? previous = null;
        (string?, long?) chain = default;
        long events = 0;
        while (await reader.ReadAsync(ct))
        {
            events++;
            var seq = reader.GetInt64(0);
            var key = (OptionalText(reader, 2), reader.IsDBNull(3) ? (long?)null : reader.GetInt64(3));
            if (events == 1 || key != chain)
            {
                chain = key;
                previous = null;
            }

            var prevHash = OptionalText(reader, 8);
            var hash = OptionalText(reader, 9);
            if (prevHash != previous)
            {
                return new AuditVerification(events, seq, "the link to the previous event does not match (an event was changed, removed or inserted before this one)");
            }

            var expected = AuditChain.Hash(prevHash, reader.GetInt64(1), OptionalText(reader, 2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                OptionalText(reader, 4), reader.GetString(5), reader.GetString(6), reader.GetString(7));
            if (hash != expected)
            {
                return new AuditVerification(events, seq, "the event's content does not match its hash (it was changed)");
            }

            previous = hash;
        }

        return new AuditVerification(events, null, null);
    }

    protected static DbCommand Command(DbConnection c, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = cmd.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(parameter);
        }

        return cmd;
    }

    protected static async Task<int> ExecAsync(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var cached = CachedCommand(c, tx, sql, parameters);
        await using var owned = cached is null ? Command(c, tx, sql, parameters) : null;
        return await (cached ?? owned!).ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(DbConnection c, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var cached = CachedCommand(c, tx, sql, parameters);
        await using var owned = cached is null ? Command(c, tx, sql, parameters) : null;
        var value = await (cached ?? owned!).ExecuteScalarAsync(ct);
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>Keeps prepared commands on a long-lived connection (the embedded store's single writer), so the
    /// same statement is compiled once instead of once per write. Other connections are not cached.</summary>
    protected static void CacheStatementsOn(DbConnection connection) => StatementCaches.AddOrUpdate(connection, new Dictionary<string, DbCommand>(StringComparer.Ordinal));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> StatementCaches = [];

    private static DbCommand? CachedCommand(DbConnection c, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters)
    {
        if (!StatementCaches.TryGetValue(c, out var cache))
        {
            return null;
        }

        if (!cache.TryGetValue(sql, out var cmd))
        {
            cmd = Command(c, tx, sql, parameters);
            cache[sql] = cmd;
            return cmd;
        }

        cmd.Transaction = tx;
        for (var i = 0; i < parameters.Length; i++)
        {
            cmd.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
        }

        return cmd;
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? OptionalMs(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : FromMs(reader.GetInt64(i));

    private static string? OptionalText(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed record AttestRow(int CurrentVersion, string FirstHash, string CurrentHash, bool Cancelled, long CreatedAt);
}
