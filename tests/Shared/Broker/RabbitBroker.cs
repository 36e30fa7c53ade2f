using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StatuutHub.Broker;
using StatuutHub.Broker.Local;

namespace StatuutHub.Tests.Shared.Broker;

/// <summary>A throwaway AMQP 1.0 broker for tests: Debian's rabbitmq-server with its rabbitmq_amqp1_0 plugin, its node, data
/// and logs in a temp directory, on free loopback ports (AMQP, Erlang distribution, epmd), stopped and removed at the end.
/// Needs the rabbitmq-server package (ops/test.sh installs it). It can be stopped and started again on the same data.</summary>
public sealed class RabbitBroker : ITestBroker
{
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    /// <summary>How long a start may take before the test fails (a ceiling on a wait for readiness, not a sleep).</summary>
    private static readonly TimeSpan StartCeiling = TimeSpan.FromMinutes(5);

    private readonly string _directory;
    private readonly int _distPort;
    private readonly int _epmdPort;
    private Process? _process;

    private RabbitBroker(string directory, int port, int distPort, int epmdPort)
    {
        _directory = directory;
        Port = port;
        _distPort = distPort;
        _epmdPort = epmdPort;
    }

    /// <summary>The AMQP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The user and password (SASL PLAIN).</summary>
    public const string User = "statuut";

    /// <inheritdoc cref="User"/>
    public const string Password = "statuut-broker-test";

    /// <summary>Options for a client of this broker (the hub, a simulated agency, a test).</summary>
    public BrokerOptions Options(Action<BrokerOptions>? configure = null)
    {
        var options = new BrokerOptions { Enabled = true, Flavour = BrokerFlavour.Local, Host = "127.0.0.1", Port = Port, UserName = User, Password = Password, ReconnectDelay = TimeSpan.FromMilliseconds(200) };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>The hub's settings for this broker.</summary>
    public IEnumerable<KeyValuePair<string, string?>> HubSettings() =>
    [
        new("Broker:Enabled", "true"),
        new("Broker:Host", "127.0.0.1"),
        new("Broker:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Broker:UserName", User),
        new("Broker:Password", Password),
        new("Broker:ReconnectDelay", "00:00:00.200"),
    ];

    /// <inheritdoc />
    public string Name => "RabbitMQ";

    /// <inheritdoc />
    public void Declare(params string[] queues)
    {
        // RabbitMQ's AMQP 1.0 plugin declares a queue when a link to it attaches.
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<QueueMessage>> DeadLettersAsync(string queue, int count, TimeSpan patience)
    {
        await using var transport = this.Transport();
        return await transport.TakeAsync(queue + EntityPaths.DeadLetterSuffix, count, patience);
    }

    /// <summary>A connection of a test's own (to look at queues, or to play an agency or an initiative).</summary>
    public BrokerConnection Connect(Action<BrokerOptions>? configure = null) =>
        new(Microsoft.Extensions.Options.Options.Create(Options(configure)), NullLogger<BrokerConnection>.Instance);

    public static async Task<RabbitBroker> StartAsync()
    {
        if (!File.Exists(Server))
        {
            throw new InvalidOperationException($"{Server} is missing: install Debian's rabbitmq-server (ops/test.sh does).");
        }

        var directory = Path.Combine(Path.GetTempPath(), "statuut-rabbit-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        var broker = new RabbitBroker(directory, FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[rabbitmq_amqp1_0].");
        await File.WriteAllTextAsync(Path.Combine(directory, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{broker.Port}
            loopback_users = none
            default_user = {User}
            default_pass = {Password}
            log.file.level = warning
            """);
        try
        {
            await broker.RestartAsync();
        }
        catch
        {
            await broker.DisposeAsync(); // a broker that did not come up is stopped, not left behind
            throw;
        }

        return broker;
    }

    /// <summary>Starts the broker (again, on the same data and ports) and returns once it accepts AMQP connections.</summary>
    public async Task RestartAsync()
    {
        var start = new ProcessStartInfo(Server) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var name = Path.GetFileName(_directory);
        start.Environment["RABBITMQ_NODENAME"] = $"{name}@localhost";
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins");
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq.conf");
        start.Environment["RABBITMQ_DIST_PORT"] = _distPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["RABBITMQ_PID_FILE"] = Path.Combine(_directory, "rabbit.pid");
        start.Environment["ERL_EPMD_PORT"] = _epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["HOME"] = _directory;
        _process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmq-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    /// <summary>Stops the broker as an operator or an outage stops it (SIGTERM to the Erlang VM: connections are cut, what it
    /// confirmed is on disk), and waits until it is gone; killed outright if it does not stop within a minute.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        var pidFile = Path.Combine(_directory, "rabbit.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
        {
            using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await term.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        using (var epmd = Process.Start(new ProcessStartInfo("epmd", ["-port", _epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-kill"]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true }))
        {
            await epmd!.WaitForExitAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Ready when an AMQP 1.0 connection opens with the test user (the plugin is up), within two minutes.</summary>
    private async Task WaitUntilReadyAsync()
    {
        // Erlang boots in seconds on an idle machine; beside a full build and browser tests on two cores it once took three minutes.
        var deadline = DateTime.UtcNow + StartCeiling;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"rabbitmq-server exited ({_process?.ExitCode}); see {_directory}/log");
            }

            try
            {
                var factory = new Amqp.ConnectionFactory();
                var connection = await factory.CreateAsync(new Amqp.Address("127.0.0.1", Port, User, Password, "/", "AMQP"));
                await connection.CloseAsync();
                return;
            }
            catch (Exception ex) when (ex is SocketException or Amqp.AmqpException or IOException or ObjectDisposedException)
            {
                last = ex;
                await Task.Delay(250); // polling for readiness, not for timing
            }
        }

        throw new TimeoutException($"rabbitmq-server did not accept AMQP connections within {StartCeiling.TotalMinutes} minutes: {last?.Message}; see {_directory}/log");
    }
}
