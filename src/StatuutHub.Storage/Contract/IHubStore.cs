namespace StatuutHub.Storage.Contract;

/// <summary>The hub's store as one object: every role below, implemented once per database (SQLite
/// embedded, PostgreSQL for scale-out). Callers depend on the narrow role they need, the way Wolverine's
/// message store is a facade of inbox, outbox, dead letters and admin; the host registers this one object
/// under each role. Every write that changes an attest or a delivery appends its audit event in the same
/// transaction.</summary>
public interface IHubStore : IStoreLifecycle, IAttestStore, IOutbox, IDecisionStore, ISupportQueries, IOperatorActions, IAuditTrail, IStaffPasswords
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
}
