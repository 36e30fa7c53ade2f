using System.Data.Common;
using System.Globalization;
using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Serialization;
using StatuutHub.Storage.Protection;

namespace StatuutHub.Storage.Relational;

/// <summary>The store contract in portable SQL over ADO.NET, one partial file per role (intake, outbox,
/// decisions, support, audit, counters, SQL plumbing). The dialects (SQLite, PostgreSQL) add only what
/// differs: opening a connection, the schema, how writers serialise, and row locking. The store decides
/// nothing of the business: routing plans, state transitions and audit texts come from the application.</summary>
public abstract partial class RelationalHubStore : IHubStore
{
    private readonly TimeProvider _time;

    /// <summary>A store that reads the clock only from <paramref name="time"/> and keeps personal data sealed with <paramref name="protector"/>.</summary>
    protected RelationalHubStore(PersonalDataProtector protector, TimeProvider time)
    {
        Protector = protector;
        _time = time;
    }

    /// <summary>Seals attest content and hashes INSZ look-ups (see SECURITY.md).</summary>
    protected PersonalDataProtector Protector { get; }

    /// <summary>An attest version as stored: its canonical JSON, sealed.</summary>
    protected string SealContent(StatuutHub.Domain.Attests.Attest attest, int version) =>
        Protector.Seal(CanonicalAttestJson.Write(attest), PersonalDataProtector.AttestVersionRow(attest.AttestId.ToString("D"), version));

    /// <summary>An attest version read back.</summary>
    protected StatuutHub.Domain.Attests.Attest OpenContent(string stored, string attestId, int version) =>
        CanonicalAttestJson.Read(Protector.Open(stored, PersonalDataProtector.AttestVersionRow(attestId, version)));

    /// <inheritdoc />
    public abstract bool IsSharedAcrossProcesses { get; }

    /// <summary>The numbered schema steps of this dialect.</summary>
    protected abstract IReadOnlyList<(int Version, string Sql)> Migrations { get; }

    /// <inheritdoc />
    public abstract Task BackupAsync(string file, CancellationToken ct);

    /// <inheritdoc />
    public abstract Task ForgetOverwrittenAsync(CancellationToken ct);

    /// <summary>Appended to SELECTs that read a row the transaction will change (PostgreSQL: FOR UPDATE).</summary>
    protected abstract string RowLock { get; }

    /// <summary><see cref="RowLock"/> for a join: only the rows of the table aliased <paramref name="alias"/> are locked.</summary>
    protected string RowLockOf(string alias) => RowLock.Length == 0 ? string.Empty : $"{RowLock} OF {alias}";

    /// <summary>Appended to the claim query (PostgreSQL: FOR UPDATE OF d SKIP LOCKED).</summary>
    protected abstract string ClaimLock { get; }

    /// <summary>How many rows each count is spread over (see <c>CountsAsync</c>): one for a single writer, more where
    /// concurrent transactions would otherwise queue for the same row.</summary>
    protected virtual int CounterSlots => 1;

    /// <summary>An open connection with the dialect's per-connection settings.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>A transaction that will write (SQLite: BEGIN IMMEDIATE, one writer at a time).</summary>
    protected abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A transaction that only reads, for a consistent view of one attest.</summary>
    protected virtual async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) => await connection.BeginTransactionAsync(ct);

    /// <summary>The statement that serialises submissions that could conflict (same attest id or same INSZ) across processes,
    /// run before the submission reads anything; null where the write transaction already admits one writer at a time.</summary>
    protected abstract (string Sql, (string Name, object? Value)[] Parameters)? SubmitLock(string attestId, string inszLookup);

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
            await using var connection = await OpenAsync(ct);
            return await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM schema_migrations", ct) > 0;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task ReleaseAllLeasesAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await ExecAsync(connection, null, "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL", ct);
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
}
