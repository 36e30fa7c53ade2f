using StatuutHub.Storage.Protection;
using StatuutHub.Storage.Relational;

namespace StatuutHub.Storage.Sqlite;

/// <summary>The embedded store: one SQLite file (<see cref="SqliteDatabase"/>), one hub process.</summary>
public sealed class SqliteHubStore : RelationalHubStore, IAsyncDisposable
{
    private readonly SqliteDatabase _database;

    /// <summary>Opens (and on first use creates) the database at <paramref name="databasePath"/>.</summary>
    public SqliteHubStore(string databasePath, PersonalDataProtector protector, TimeProvider? time = null)
        : this(new SqliteDatabase(databasePath), protector, time)
    {
    }

    private SqliteHubStore(SqliteDatabase database, PersonalDataProtector protector, TimeProvider? time)
        : base(database, protector, time ?? TimeProvider.System)
    {
        _database = database;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
