using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Tests.Shared;

/// <summary>Command-line settings for a hub process that talks to a simulator in the test process.</summary>
public static class HubSettings
{
    public static string Secret(DestinationKind kind) => $"e2e-{Destination.KindName(kind)}-secret-0123456789";

    public static Dictionary<DestinationKind, string> Secrets() => Enum.GetValues<DestinationKind>().ToDictionary(k => k, Secret);

    public static IEnumerable<string> For(AgencySimulator simulator, TimeSpan lease) =>
        new[]
        {
            "--Dispatcher:PollInterval=00:00:00.050",
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
