using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace StatuutHub.Tests.Shared;

/// <summary>The hub as a separate OS process (the built StatuutHub.Host.dll), so it can be killed with SIGKILL.</summary>
public sealed class HubProcess : IDisposable
{
    private readonly Process _process;

    private HubProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The operating-system process id (for memory measurements).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts the hub; the address goes in <c>--urls</c>, or in <c>ASPNETCORE_URLS</c> when <paramref name="urlFromEnvironment"/>.</summary>
    public static async Task<HubProcess> StartAsync(string dataDirectory, IEnumerable<string> settings, bool urlFromEnvironment = false)
    {
        var port = FreePort();
        var dll = HostDll();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        if (urlFromEnvironment)
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

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the hub");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var hub = new HubProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        await hub.WaitReadyAsync();
        return hub;
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
                throw new InvalidOperationException($"the hub exited with code {_process.ExitCode}");
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

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>src/StatuutHub.Host/bin/{same configuration as this test}/net10.0/StatuutHub.Host.dll.</summary>
    private static string HostDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name; // .../bin/{Configuration}/net10.0/
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "StatuutHub.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException("repository root not found"),
            "src", "StatuutHub.Host", "bin", configuration, "net10.0", "StatuutHub.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the host first", dll);
    }
}
