using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StatuutHub.Bench;

/// <summary>Samples a process's resident memory (VmRSS from /proc) every 100 ms.</summary>
public sealed class RssSampler : IDisposable
{
    private readonly int _pid;
    private readonly Timer _timer;
    private double _peak;

    public RssSampler(int pid)
    {
        _pid = pid;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public double PeakMb => Math.Max(Volatile.Read(ref _peak), CurrentMb);

    public double CurrentMb
    {
        get
        {
            try
            {
                var line = File.ReadLines($"/proc/{_pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
            catch (IOException)
            {
                return 0;
            }
        }
    }

    public void Reset() => Volatile.Write(ref _peak, CurrentMb);

    /// <summary>CPU time the process has used so far (user + system, from /proc/PID/stat).</summary>
    public TimeSpan CpuTime => StatuutHub.Tests.Shared.ProcStat.Fields(_pid) is { } fields
        ? StatuutHub.Tests.Shared.ProcStat.Time(StatuutHub.Tests.Shared.ProcStat.Ticks(fields, 11, 2))
        : TimeSpan.Zero;

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = CurrentMb;
        if (now > Volatile.Read(ref _peak))
        {
            Volatile.Write(ref _peak, now);
        }
    }
}

/// <summary>The ceiling: a bare ASP.NET Core endpoint in its own process that reads the body and answers 202.</summary>
public sealed class CeilingServer : IDisposable
{
    private readonly Process _process;

    private CeilingServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Id => _process.Id;

    public static CeilingServer Start()
    {
        var port = StatuutHub.Tests.Shared.FreePorts.Next();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(typeof(CeilingServer).Assembly.Location);
        info.ArgumentList.Add("ceiling-server");
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new CeilingServer(process, port);
    }

    public async Task WaitReadyAsync(HttpClient client)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var response = await client.PostAsync("ceiling", Load.Json("{}"));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The ceiling server did not start.");
    }

    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/ceiling", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            return Results.Accepted();
        });
        await app.RunAsync();
        return 0;
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }
}

/// <summary>A data directory removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "statuut-bench-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>CPU used by the measured process, by this one and (PostgreSQL phases) by the database server over a phase, per item;
/// and how much of the process's was its tier-up JIT (<see cref="TieringMeter"/>), shown apart so a warm-up that ended too early is seen.</summary>
public sealed class CpuMeter
{
    private readonly RssSampler _process;
    private readonly Func<TimeSpan>? _database;
    private readonly TieringMeter? _tiering;
    private readonly TimeSpan _processStart;
    private readonly TimeSpan _selfStart;
    private readonly TimeSpan _databaseStart;
    private readonly TimeSpan _tieringStart;

    private CpuMeter(RssSampler process, Func<TimeSpan>? database, TieringMeter? tiering)
    {
        _process = process;
        _database = database;
        _tiering = tiering;
        _processStart = process.CpuTime;
        _selfStart = Process.GetCurrentProcess().TotalProcessorTime;
        _databaseStart = database?.Invoke() ?? TimeSpan.Zero;
        _tieringStart = tiering?.CpuTime ?? TimeSpan.Zero;
    }

    public static CpuMeter Start(RssSampler process, Func<TimeSpan>? database = null, TieringMeter? tiering = null) => new(process, database, tiering);

    public (double ProcessMs, double SelfMs, double DatabaseMs, double TieringMs) PerItem(double items) => items <= 0
        ? (0, 0, 0, 0)
        : ((_process.CpuTime - _processStart).TotalMilliseconds / items,
           (Process.GetCurrentProcess().TotalProcessorTime - _selfStart).TotalMilliseconds / items,
           _database is null ? 0 : (_database() - _databaseStart).TotalMilliseconds / items,
           _tiering is null ? 0 : (_tiering.CpuTime - _tieringStart).TotalMilliseconds / items);
}

/// <summary>CPU time of the runtime's tier-up thread in a process (".NET Tiered Com…" in /proc/PID/task/TID/comm): the
/// background JIT that recompiles a fresh process's hot methods with full optimisation. While it is busy the process is still
/// warming up, and what it spends is start-up cost, not the cost of the items measured. The runtime ends that thread when it
/// has been idle a while and starts a new one later, so each thread's last reading is kept (sampled every 100 ms).</summary>
public sealed class TieringMeter : IDisposable
{
    private readonly int _pid;
    private readonly Dictionary<int, long> _ticksByThread = [];
    private readonly Timer _timer;

    public TieringMeter(int pid)
    {
        _pid = pid;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public TimeSpan CpuTime
    {
        get
        {
            Sample();
            lock (_ticksByThread)
            {
                return StatuutHub.Tests.Shared.ProcStat.Time(_ticksByThread.Values.Sum());
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        foreach (var task in Tasks())
        {
            if (int.TryParse(Path.GetFileName(task), out var tid)
                && Comm(task).StartsWith(".NET Tiered Com", StringComparison.Ordinal)
                && StatuutHub.Tests.Shared.ProcStat.ThreadFields(_pid, tid) is { } fields)
            {
                var ticks = StatuutHub.Tests.Shared.ProcStat.Ticks(fields, 11, 2);
                lock (_ticksByThread)
                {
                    _ticksByThread[tid] = Math.Max(ticks, _ticksByThread.GetValueOrDefault(tid));
                }
            }
        }
    }

    private string[] Tasks()
    {
        try
        {
            return Directory.GetDirectories($"/proc/{_pid}/task");
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string Comm(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm"));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
