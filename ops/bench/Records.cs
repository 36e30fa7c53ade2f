using System.Globalization;

namespace StatuutHub.Bench;

public sealed record BenchOptions(int Seconds, int Concurrency, int Attests, int Stored, int SoakMinutes, string Out, string[]? Phases = null, bool PgStatements = false)
{
    public static BenchOptions Parse(string[] args)
    {
        string Get(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var phases = Get("--phases", string.Empty);
        return new BenchOptions(Int("--seconds", 10), Int("--concurrency", 64), Int("--attests", 10_000), Int("--stored", 1_000_000), Int("--soak-minutes", 10), Get("--out", "bench-result.json"),
            phases.Length == 0 ? null : phases.Split(','), args.Contains("--pg-statements"));
    }

    /// <summary>The agencies' politeness limits (200 calls/s per destination by default) would measure the configuration,
    /// not the hub: the bench lifts them and lets the dispatcher claim and send in larger batches.</summary>
    public static IEnumerable<string> Throughput() => new[] { "rva", "mutualiteit", "ocmw", "dimona" }
        .SelectMany(k => new[] { $"--Destinations:{k}:RateLimitPerSecond=20000", $"--Destinations:{k}:MaxConcurrency=64" })
        .Concat(["--Dispatcher:BatchSize=256", "--Dispatcher:MaxParallelSends=128"]);

    /// <summary>Whether the run includes <paramref name="phase"/> (all of them unless --phases names some).</summary>
    public bool Wants(string phase) => Phases is null || Phases.Contains(phase);

    public static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StatuutHub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }
}

public sealed record Percentiles(double P50, double P95, double P99)
{
    public static Percentiles? Of(List<double> samples)
    {
        if (samples.Count == 0)
        {
            return null;
        }

        samples.Sort();
        double P(double q) => samples[Math.Min(samples.Count - 1, (int)(q * samples.Count))];
        return new Percentiles(P(0.50), P(0.95), P(0.99));
    }
}

public sealed record SoakRss(double StartMb, double EndMb, IReadOnlyList<double> PerMinuteMb);

/// <summary>One phase. <paramref name="HubCpuMs"/>, <paramref name="LoadCpuMs"/> and <paramref name="DatabaseCpuMs"/>: CPU milliseconds
/// per item used by the hub process, by this process (load generator and simulated agencies) and by the PostgreSQL server
/// (0 on the embedded store, which runs inside the hub): where the cores went. <paramref name="TieringCpuMs"/>: the part of the hub's
/// that its tier-up JIT spent (every phase on the hub but the ceiling; near 0 once the warm-up has let the process settle).</summary>
public sealed record PhaseResult(string Phase, string What, double PerSecond, Percentiles? Latency, double PeakRssMb, int Errors, SoakRss? Soak = null, double HubCpuMs = 0, double LoadCpuMs = 0, double DatabaseCpuMs = 0,
    double TieringCpuMs = 0);

public sealed record LoadRun(double PerSecond, Percentiles? Latency, int Errors, double Seconds = 0);
