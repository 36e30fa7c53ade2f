using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Tests.Shared;

/// <summary>Command-line settings for a hub process that talks to a simulator in the test process: a test bed, so plain HTTP to the
/// simulated agencies and a local broker without TLS are allowed on purpose (<c>Security:AllowInsecureTransport</c>).</summary>
public static class HubSettings
{
    public static string Secret(DestinationKind kind) => $"e2e-{Destination.KindName(kind)}-secret-0123456789";

    public static Dictionary<DestinationKind, string> Secrets() => Enum.GetValues<DestinationKind>().ToDictionary(k => k, Secret);

    public static IEnumerable<string> For(AgencySimulator simulator, TimeSpan lease) =>
        new[]
        {
            "--Dispatcher:PollInterval=00:00:00.050",
            "--Security:AllowInsecureTransport=true",
            $"--Dispatcher:LeaseDuration={lease:c}",
        }.Concat(simulator.HubSettings().Select(s => $"--{s.Key}={s.Value}")).Concat(Enum.GetValues<DestinationKind>().SelectMany(kind =>
        {
            var k = Destination.KindName(kind);
            return new[]
            {
                $"--Destinations:{k}:RetryBaseDelay=00:00:00.200",
                $"--Destinations:{k}:RetryMaxDelay=00:00:02",
                $"--Destinations:{k}:MaxAttempts=50",
            };
        })).Concat(TestCredentials.Settings(Secrets()));
}
