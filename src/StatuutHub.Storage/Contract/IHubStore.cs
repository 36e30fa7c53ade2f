namespace StatuutHub.Storage.Contract;

/// <summary>The hub's store as one object: every role below, implemented once per database (SQLite
/// embedded, PostgreSQL for scale-out). Callers depend on the narrow role they need, the way Wolverine's
/// message store is a facade of inbox, outbox, dead letters and admin; the host registers this one object
/// under each role. Every write that changes an attest or a delivery appends its audit event in the same
/// transaction.</summary>
public interface IHubStore : IStoreLifecycle, IAttestStore, IOutbox, IDecisionStore, ISupportQueries, IOperatorActions, IAuditTrail, IStaffPasswords, ICallbackStore, IAlertStore, IStatisticsStore, IConflictLog, IJobLeases, IInboxStore
{
}

/// <summary>Schema, readiness and start-up housekeeping.</summary>
public interface IStoreLifecycle
{
    /// <summary>True when several hub processes share this store (then leases, not a restart, free a dead process's claims).</summary>
    bool IsSharedAcrossProcesses { get; }

    /// <summary>Creates or migrates the schema. Safe to call at every start.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>True when the store answers a trivial query.</summary>
    Task<bool> IsReadyAsync(CancellationToken ct);

    /// <summary>Writes a consistent copy of the whole store to <paramref name="file"/> while the hub keeps working (SQLite:
    /// <c>VACUUM INTO</c>). A store that is backed up by its server's own tools (PostgreSQL: <c>pg_dump</c>) throws
    /// <see cref="NotSupportedException"/>.</summary>
    Task BackupAsync(string file, CancellationToken ct);

    /// <summary>Drops every lease. Only for a store that is not shared across processes, at start-up: whoever held them is gone.</summary>
    Task ReleaseAllLeasesAsync(CancellationToken ct);

    /// <summary>Re-seals the next <paramref name="batchSize"/> attest versions after <paramref name="after"/> (in key order) that are not
    /// sealed with the current key, and replaces a clear INSZ look-up column with its keyed hash: one short transaction per batch.</summary>
    Task<ProtectionBatch> ReprotectAsync(ProtectionCursor? after, int batchSize, CancellationToken ct);

    /// <summary>After re-sealing: lets go of the overwritten content the database still keeps on disk where it can (SQLite: the
    /// write-ahead log is checkpointed and truncated).</summary>
    Task ForgetOverwrittenAsync(CancellationToken ct);

    /// <summary>True when a re-sealing pass with the current key went through the whole store: every write since uses that key,
    /// so nothing is left to re-seal.</summary>
    Task<bool> IsSealedWithCurrentKeyAsync(CancellationToken ct);

    /// <summary>Records that a pass with the current key went through the whole store.</summary>
    Task MarkSealedWithCurrentKeyAsync(DateTimeOffset at, CancellationToken ct);

    /// <summary>Looks at the next <paramref name="batchSize"/> attests after <paramref name="after"/> (in id order) whose activity ended, or
    /// which were cancelled, before <paramref name="retention"/>'s cut-off, and removes the personal data of those whose retention ran
    /// out (<see cref="StatuutHub.Domain.Attests.RetentionRule"/> decides, from each attest's deliveries). Their content is replaced by
    /// a marker, the INSZ look-up cleared; deliveries, counters and the audit trail stay, and each attest's chain gets an
    /// <c>AttestPurged</c> event. One short transaction.</summary>
    Task<PurgeBatch> PurgeExpiredAsync(RetentionCutoff retention, string? after, int batchSize, CancellationToken ct);
}

/// <summary>What has outlived its retention: attests that ended before <paramref name="EndedBefore"/>, or were cancelled and last changed,
/// or last decided, before <paramref name="ChangedBefore"/>; <paramref name="Why"/> goes in the audit event.</summary>
public sealed record RetentionCutoff(DateOnly EndedBefore, DateTimeOffset ChangedBefore, DateTimeOffset Now, string Why);

/// <summary>One batch of the retention purge: how many attests lost their personal data, and the last attest looked at, from which
/// the next batch starts (null: none left to look at).</summary>
public sealed record PurgeBatch(int Purged, string? Next);

/// <summary>Where a re-sealing pass stands: the last attest version it looked at.</summary>
public sealed record ProtectionCursor(string AttestId, int Version);

/// <summary>One batch of a re-sealing pass: how many versions it read and re-sealed, and where the next starts (null: done).</summary>
public sealed record ProtectionBatch(int Read, int Resealed, ProtectionCursor? Next);

/// <summary>Leases for the jobs that must run once for the whole hub, however many processes share the store.</summary>
public interface IJobLeases
{
    /// <summary>Takes or extends <paramref name="job"/>'s lease for <paramref name="owner"/> until <paramref name="until"/>: true when
    /// the owner holds it now (it held it already, nobody did, or the holder's lease ran out before <paramref name="now"/>).</summary>
    Task<bool> TryHoldJobAsync(string job, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken ct);
}
