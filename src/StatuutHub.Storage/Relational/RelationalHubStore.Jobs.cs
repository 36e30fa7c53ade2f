using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Job leases: one row per job, taken in one statement, so two processes asking at once cannot both hold it.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public async Task<bool> TryHoldJobAsync(string job, string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken ct) =>
        await Db.WriteAsync(async (connection, tx, ct) => (await Db.ReadAllAsync(connection, tx, """
            INSERT INTO job_leases (job, owner, held_until) VALUES (@job, @owner, @until)
            ON CONFLICT (job) DO UPDATE SET owner = excluded.owner, held_until = excluded.held_until
            WHERE job_leases.owner = excluded.owner OR job_leases.held_until < @now
            RETURNING owner
            """, r => r.Text("owner"), ct, ("@job", job), ("@owner", owner), ("@until", until), ("@now", now))).Count == 1, ct);
}
