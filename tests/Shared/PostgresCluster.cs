using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StatuutHub.Tests.Shared;

/// <summary>A throwaway PostgreSQL cluster for one test run: initdb in a temp directory, started on a
/// free loopback port, removed at the end. Needs Debian's postgresql package (ops/test.sh installs it).
/// As root the server runs as the 'postgres' user, since PostgreSQL refuses to run as root.</summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    // The server's options, the same on a restart.
    private readonly string _settings;

    private PostgresCluster(string directory, string bin, bool asPostgresUser, int port, string[] serverSettings)
    {
        _settings = "-c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=128MB" + string.Concat(serverSettings.Select(setting => $" -c {setting}"));
        _directory = directory;
        _bin = bin;
        _asPostgresUser = asPostgresUser;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string for a database on this cluster.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=40;Timeout=30;Command Timeout=60";

    /// <summary>Starts a cluster; <paramref name="serverSettings"/> (<c>name=value</c>) are passed to the server as <c>-c</c> options.</summary>
    public static async Task<PostgresCluster> StartAsync(params string[] serverSettings)
    {
        var bin = FindBin();
        var directory = Path.Combine(Path.GetTempPath(), "statuut-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
        {
            await RunAsync("chown", ["postgres:postgres", directory], asUser: false);
        }

        var port = FreePorts.Next();
        var cluster = new PostgresCluster(directory, bin, asPostgresUser, port, serverSettings);
        var data = Path.Combine(directory, "data");
        await cluster.RunToolAsync("initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync");
        await cluster.RunToolAsync("pg_ctl", "-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -k {directory} {cluster._settings}");
        return cluster;
    }

    /// <summary>CPU time the server has used so far: the postmaster, its live backends and the backends that already
    /// ended (their time is in the postmaster's children's total once it reaped them). From /proc, so Linux only.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(_directory, "data", "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
            long ticks = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid) || ProcStat.Fields(pid) is not { } fields)
                {
                    continue;
                }

                if (pid == postmaster)
                {
                    ticks += ProcStat.Ticks(fields, 11, 4);
                }
                else if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == postmaster)
                {
                    ticks += ProcStat.Ticks(fields, 11, 2);
                }
            }

            return ProcStat.Time(ticks);
        }
    }

    /// <summary>Stops the server (fast shutdown: connections are cut), as an outage would.</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "fast", "-w", "stop");

    /// <summary>Starts the stopped server again on the same port and data.</summary>
    public Task RestartAsync() => RunToolAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "start",
        "-o", $"-p {Port} -k {_directory} {_settings}");

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "statuut_" + Guid.NewGuid().ToString("N");
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        try
        {
            await RunToolAsync("pg_ctl", "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>An online, consistent dump of the database behind <paramref name="connectionString"/> (<c>pg_dump -Fc</c>), as an operator takes it.</summary>
    public Task DumpAsync(string connectionString, string file) =>
        RunAsync(Path.Combine(_bin, "pg_dump"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-Fc", "-f", file, DatabaseOf(connectionString)], asUser: false);

    /// <summary>Restores a dump into the (empty) database behind <paramref name="connectionString"/> (<c>pg_restore</c>).</summary>
    public Task RestoreAsync(string file, string connectionString) =>
        RunAsync(Path.Combine(_bin, "pg_restore"), ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "--no-owner", "-d", DatabaseOf(connectionString), file], asUser: false);

    private static string DatabaseOf(string connectionString) => new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;

    private Task RunToolAsync(string tool, params string[] args) => RunAsync(Path.Combine(_bin, tool), args, _asPostgresUser);

    private static async Task RunAsync(string file, string[] args, bool asUser)
    {
        var info = new ProcessStartInfo(asUser ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asUser)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    private static string FindBin()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().ToArray()
            : [];
        return versions.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb). Run `bash ops/test.sh`, which installs Debian's postgresql package.");
    }
}
