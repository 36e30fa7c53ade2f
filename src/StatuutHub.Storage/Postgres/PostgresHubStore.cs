using Npgsql;
using StatuutHub.Storage.Protection;
using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Postgres;

/// <summary>The scale-out store: many hub processes on one PostgreSQL database (<see cref="PostgresDatabase"/>).</summary>
public sealed class PostgresHubStore : RelationalHubStore, IAsyncDisposable
{
    private readonly PostgresDatabase _database;

    /// <summary>Connects with an Npgsql connection string (<c>Host=…;Port=…;Database=…;Username=…</c>).</summary>
    public PostgresHubStore(string connectionString, PersonalDataProtector protector, TimeProvider? time = null)
        : this(new PostgresDatabase(connectionString), protector, time)
    {
    }

    private PostgresHubStore(PostgresDatabase database, PersonalDataProtector protector, TimeProvider? time)
        : base(database, protector, time ?? TimeProvider.System)
    {
        _database = database;
    }

    /// <summary>The connection string with what the hub's short, repeated statements need, unless the operator set it:
    /// statements prepared automatically on each pooled connection (parsed and planned once, not per call), and no
    /// <c>DISCARD ALL</c> round trip when a connection goes back to the pool (the hub sets no session state).</summary>
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.ToLowerInvariant();
        if (!given.Contains("max auto prepare", StringComparison.Ordinal) && !given.Contains("maxautoprepare", StringComparison.Ordinal))
        {
            builder.MaxAutoPrepare = 128;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!given.Contains("no reset on close", StringComparison.Ordinal) && !given.Contains("noresetonclose", StringComparison.Ordinal))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
