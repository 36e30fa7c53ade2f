namespace StatuutHub.Storage;

/// <summary>Store failures a caller should name rather than report as an internal error.</summary>
public static class StoreFaults
{
    /// <summary>True when the database could not write because its disk (or its configured size) is full: SQLite's SQLITE_FULL,
    /// PostgreSQL's <c>53100 disk_full</c>. Nothing of the failed transaction was kept.</summary>
    public static bool IsDiskFull(Exception ex) => ex switch
    {
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 13 } => true,
        Npgsql.PostgresException { SqlState: "53100" } => true,
        _ => ex.InnerException is { } inner && IsDiskFull(inner),
    };
}
