using System.Data.Common;
using System.Globalization;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;
using StatuutHub.Storage.Relational.Writes;

namespace StatuutHub.Storage.Relational;

/// <summary>The store contract over one <see cref="Database"/> (SQLite or PostgreSQL). The write path is one class per operation in
/// <c>Writes/</c> (submit, change, claim, attempt result, decision, overdue scan, operator move, purge): each reads the facts, lets
/// the domain or the application decide, and writes by id in one transaction. The other partial files read (support, statistics,
/// changes) or keep small tables of their own (callbacks, alerts, staff, leases). The store decides nothing of the business.</summary>
public abstract partial class RelationalHubStore : IHubStore
{
    private readonly TimeProvider _time;
    private readonly SubmitAttest _submit;
    private readonly ChangeAttest _change;
    private readonly ClaimDeliveries _claim;
    private readonly CompleteAttempt _completeAttempt;
    private readonly ApplyDecision _applyDecision;
    private readonly MarkOverdue _markOverdue;
    private readonly MoveDeliveries _move;
    private readonly PurgeExpired _purge;

    private protected RelationalHubStore(Database db, PersonalDataProtector protector, TimeProvider time)
    {
        Db = db;
        Contents = new AttestContents(protector);
        Audit = new AuditAppend(db);
        _time = time;
        var counts = new DeliveryCounts(db);
        var chain = new ChainWrites(db, Audit);
        _submit = new SubmitAttest(db, Contents, counts);
        _change = new ChangeAttest(db, Contents, Audit, chain, counts);
        _claim = new ClaimDeliveries(db, Contents);
        _completeAttempt = new CompleteAttempt(db, Audit, chain, counts);
        _applyDecision = new ApplyDecision(db, Contents, Audit, chain, counts);
        _markOverdue = new MarkOverdue(db, Audit, counts);
        _move = new MoveDeliveries(db, Audit, counts);
        _purge = new PurgeExpired(db, Audit);
    }

    private protected Database Db { get; }

    private protected AttestContents Contents { get; }

    private protected AuditAppend Audit { get; }

    /// <summary>Seals attest content and hashes INSZ look-ups (see SECURITY.md).</summary>
    private protected PersonalDataProtector Protector => Contents.Protector;

    /// <inheritdoc />
    public bool IsSharedAcrossProcesses => Db.IsSharedAcrossProcesses;

    /// <inheritdoc />
    public Task BackupAsync(string file, CancellationToken ct) => Db.BackupAsync(file, ct);

    /// <inheritdoc />
    public Task ForgetOverwrittenAsync(CancellationToken ct) => Db.ForgetOverwrittenAsync(ct);

    /// <inheritdoc />
    public Task<WriteResult> SubmitAsync(AttestSubmission submission, CancellationToken ct) => _submit.RunAsync(submission, ct);

    /// <inheritdoc />
    public Task<WriteResult> ChangeAsync(Guid attestId, Func<AttestSnapshot, ChangeDecision> decide, CancellationToken ct) => _change.RunAsync(attestId, decide, ct);

    /// <inheritdoc />
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct) =>
        _claim.RunAsync(owner, now, leaseUntil, max, ct);

    /// <inheritdoc />
    public Task<AttemptCompletion> CompleteAttemptAsync(string owner, AttemptRecord attempt, CancellationToken ct) => _completeAttempt.RunAsync(owner, attempt, ct);

    /// <inheritdoc />
    public Task<AckOutcome> ApplyDecisionAsync(AgencyAck ack, Func<DeliveryTarget, DecisionEffect> decide, CancellationToken ct) => _applyDecision.RunAsync(ack, decide, ct);

    /// <inheritdoc />
    public Task<int> MarkOverdueAsync(DateTimeOffset now, AuditEntry audit, CancellationToken ct) => _markOverdue.RunAsync(now, audit, ct);

    /// <inheritdoc />
    public Task<MoveResult> MoveAsync(IReadOnlyCollection<long> deliveryIds, Func<DeliveryTarget, OperatorMove?> decide, string actor, DateTimeOffset at, CancellationToken ct) =>
        _move.RunAsync(deliveryIds, decide, actor, at, ct);

    /// <inheritdoc />
    public Task<PurgeBatch> PurgeExpiredAsync(RetentionCutoff retention, string? after, int batchSize, CancellationToken ct) => _purge.RunAsync(retention, after, batchSize, ct);

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        await Db.BeforeMigrationAsync(connection, null, ct);
        await Db.ExecAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);", ct);
        foreach (var (version, sql) in Db.Migrations)
        {
            await using var tx = await Db.BeginWriteAsync(connection, ct);
            await Db.BeforeMigrationAsync(connection, tx, ct);
            var applied = await Db.ScalarAsync<long>(connection, tx, "SELECT COUNT(*) FROM schema_migrations WHERE version = @v", ct, ("@v", version));
            if (applied == 0)
            {
                await Db.ExecAsync(connection, tx, sql, ct);
                await Db.ExecAsync(connection, tx, "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @at)", ct,
                    ("@v", version), ("@at", _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
            }

            await tx.CommitAsync(ct);
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await Db.OpenAsync(ct);
            return await Db.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM schema_migrations", ct) > 0;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAllLeasesAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        await Db.ExecAsync(connection, null, "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL", ct);
    }
}
