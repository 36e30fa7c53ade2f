using System.Globalization;
using Npgsql;

namespace StatuutHub.Bench;

/// <summary><c>--pg-statements</c>: what the database did for the accept-pg and e2e-pg phases (each its own database), from <c>pg_stat_statements</c> (the bench's
/// cluster preloads it) and the table statistics: statements and execution time per attest, the most expensive statements,
/// and how many updates of a delivery stayed on their page (heap-only, no index entry written). Warm-up included.</summary>
internal static class PgStatements
{
    /// <summary>The server setting the cluster starts with.</summary>
    public const string Preload = "shared_preload_libraries=pg_stat_statements";

    public static async Task ReportAsync(string connection, string phase)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await ExecAsync(db, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        double attests = await ScaleOut.ScalarAsync(db, "SELECT COUNT(*) FROM attests");
        const string Mine = "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat%'";
        await using (var total = new NpgsqlCommand($"SELECT SUM(calls), SUM(total_exec_time) {Mine}", db))
        await using (var r = await total.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{phase} statements: {r.GetDecimal(0) / (decimal)attests:F1} per attest, {r.GetDouble(1) / attests:F2} ms of execution per attest ({attests:N0} attests, warm-up included)"));
        }

        Console.WriteLine("| calls/attest | ms/attest | ms/call | statement |");
        Console.WriteLine("|---|---|---|---|");
        await using (var top = new NpgsqlCommand($"SELECT calls, total_exec_time, mean_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) {Mine} ORDER BY total_exec_time DESC LIMIT 12", db))
        await using (var r = await top.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {r.GetInt64(0) / attests:F2} | {r.GetDouble(1) / attests:F3} | {r.GetDouble(2):F3} | `{r.GetString(3).Replace("|", "\\|", StringComparison.Ordinal)}` |"));
            }
        }

        await using (var hot = new NpgsqlCommand("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'deliveries'", db))
        await using (var r = await hot.ExecuteReaderAsync())
        {
            if (await r.ReadAsync() && r.GetInt64(0) > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"deliveries: {r.GetInt64(0):N0} updates, {r.GetInt64(1):N0} heap-only ({100.0 * r.GetInt64(1) / r.GetInt64(0):F0} %)"));
            }
        }
    }

    private static async Task ExecAsync(NpgsqlConnection db, string sql)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }
}
