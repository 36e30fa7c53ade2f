using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace StatuutHub.Tests.Shared;

/// <summary>The hub as a separate OS process (the built StatuutHub.Host.dll, or the demo launcher
/// StatuutHub.Demo.dll), so it can be killed with SIGKILL.</summary>
public sealed class HubProcess : IDisposable
{
    /// <summary>The product.</summary>
    public const string Host = "StatuutHub.Host";

    /// <summary>The demo launcher (README's run command): the product with the simulated agencies.</summary>
    public const string Demo = "StatuutHub.Demo";

    private readonly Process _process;

    private HubProcess(Process process, Uri baseAddress, ConcurrentQueue<string> output)
    {
        _process = process;
        BaseAddress = baseAddress;
        Output = output;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the process wrote so far (standard output and error, line by line).</summary>
    public ConcurrentQueue<string> Output { get; }

    /// <summary>The operating-system process id (for memory measurements).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the hub; the address goes in <c>--urls</c>, or in <c>ASPNETCORE_URLS</c> when <paramref name="urlFromEnvironment"/>
    /// (<c>ASPNETCORE_HTTP_PORTS</c>, the port alone, when <paramref name="portOnly"/>).</summary>
    public static async Task<HubProcess> StartAsync(string dataDirectory, IEnumerable<string> settings, bool urlFromEnvironment = false, string program = Host, bool portOnly = false)
    {
        var arguments = settings.ToArray();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(dataDirectory, arguments, urlFromEnvironment, program, portOnly);
            }
            catch (PortTakenException) when (attempt < 3)
            {
                // Another process on the machine bound the chosen port first: a new port, not a failed test.
            }
        }
    }

    private static async Task<HubProcess> StartOnceAsync(string dataDirectory, string[] settings, bool urlFromEnvironment, string program, bool portOnly)
    {
        var port = FreePorts.Next();
        var info = StartInfo(program);
        if (urlFromEnvironment && portOnly)
        {
            info.Environment["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (urlFromEnvironment)
        {
            info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        }
        else
        {
            info.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        }

        info.ArgumentList.Add($"--Storage:DataDirectory={dataDirectory}");
        info.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var setting in settings)
        {
            info.ArgumentList.Add(setting);
        }

        var (process, output) = Start(info);
        var hub = new HubProcess(process, new Uri($"http://127.0.0.1:{port}/"), output);
        try
        {
            await hub.WaitReadyAsync();
            return hub;
        }
        catch
        {
            hub.Dispose();
            throw;
        }
    }

    /// <summary>Runs the program with <paramref name="arguments"/> until it exits by itself (bounded: 60 s), for start-ups that must fail.</summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IEnumerable<string> arguments, string program = Host)
    {
        var info = StartInfo(program);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var (process, output) = Start(info);
        using (process)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} did not exit within 60 s: {string.Join('\n', output)}");
            }

            process.WaitForExit(); // drains the redirected output
            return (process.ExitCode, string.Join('\n', output));
        }
    }

    private static ProcessStartInfo StartInfo(string program)
    {
        var dll = ProgramDll(program);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The environment is the test's to choose (an inherited ASPNETCORE_ENVIRONMENT would decide for it).
        info.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        info.ArgumentList.Add(dll);
        return info;
    }

    private static (Process Process, ConcurrentQueue<string> Output) Start(ProcessStartInfo info)
    {
        var output = new ConcurrentQueue<string>();
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the hub");
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static void Keep(ConcurrentQueue<string> output, string? line)
    {
        if (line is not null && output.Count < 10_000)
        {
            output.Enqueue(line);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; only what was committed survives.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // drains the redirected output
                if (Output.Any(line => line.Contains("address already in use", StringComparison.OrdinalIgnoreCase)))
                {
                    throw new PortTakenException(string.Join('\n', Output));
                }

                throw new InvalidOperationException($"the hub exited with code {_process.ExitCode}: {string.Join('\n', Output)}");
            }

            try
            {
                if ((await client.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the hub did not become ready within 60 s");
    }

    /// <summary>src/{program}/bin/{same configuration as this test}/net10.0/{program}.dll.</summary>
    private static string ProgramDll(string program)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name; // .../bin/{Configuration}/net10.0/
        var dll = Path.Combine(RepositoryRoot.Path, "src", program, "bin", configuration, "net10.0", program + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the host first", dll);
    }
}

/// <summary>The hub could not bind the port chosen for it.</summary>
internal sealed class PortTakenException(string output) : Exception(output);
