using System.Net;
using System.Text;
using Npgsql;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Postgres;
using StatuutHub.Tests.Shared;
using Xunit.Abstractions;

namespace StatuutHub.EndToEnd.Tests;

/// <summary>Scale-out: three hub processes on one PostgreSQL database share the work; one is killed
/// with SIGKILL mid-run; the others take over its claims when their leases expire, and every attest
/// is recognised with each message processed once by the agencies.</summary>
public sealed class MultiProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Attests = 2000;

    // The unemployment-and-leefloon example: VDAB, then the RVA with its permission, the OCMW and Dimona.
    private const int MessagesPerAttest = 4;
    private const int KillAfter = 700;
    private PostgresCluster _postgres = null!;
    private AgencySimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresCluster.StartAsync();
        _simulator = await AgencySimulator.StartAsync(HubSettings.Secrets());
        _simulator.Configure(latency: TimeSpan.FromMilliseconds(2), decisionDelay: TimeSpan.Zero);
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task ThreeHubs_OneKilled_EveryAttestRecognised_EachMessageProcessedOnce()
    {
        var connection = await _postgres.CreateDatabaseAsync();
        var settings = HubSettings.For(_simulator, lease: TimeSpan.FromSeconds(5))
            .Concat(["--Storage:Provider=postgres", $"--Storage:ConnectionString={connection}"]).ToArray();
        var hubs = new HubProcess[3];
        for (var i = 0; i < hubs.Length; i++)
        {
            hubs[i] = await HubProcess.StartAsync(Path.Combine(Path.GetTempPath(), "unused-" + Guid.NewGuid().ToString("N")), settings);
        }

        try
        {
            // The hub that will be killed comes first: after the kill the agencies' decisions go to the next one that answers.
            _simulator.HubBaseUrls = [hubs[2].BaseAddress, hubs[0].BaseAddress, hubs[1].BaseAddress];
            var clients = hubs.Select(h => TestCredentials.Client(h.BaseAddress, TestCredentials.InitiativeKey, TimeSpan.FromSeconds(30))).ToArray();
            var alive = new[] { true, true, true };
            var accepted = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < Attests)
                {
                    if (n == KillAfter)
                    {
                        Volatile.Write(ref alive[2], false);
                        hubs[2].KillHard();
                        output.WriteLine($"killed hub 3 after {n} submissions ({clock.Elapsed.TotalSeconds:F1} s)");
                    }

                    var body = NumberedAttests.New(n).ToJsonString();
                    // A client whose hub is gone tries the next one: same attest id and content, so idempotent.
                    for (var attempt = 0; ; attempt++)
                    {
                        var target = (n + attempt) % hubs.Length;
                        if (!Volatile.Read(ref alive[target]))
                        {
                            continue;
                        }

                        try
                        {
                            using var response = await clients[target].PostAsync("api/v1/attests", new StringContent(body, Encoding.UTF8, "application/json"));
                            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                            Interlocked.Increment(ref accepted);
                            break;
                        }
                        catch (HttpRequestException) when (attempt < 6)
                        {
                        }
                    }
                }
            })));
            var acceptSeconds = clock.Elapsed.TotalSeconds;

            await using var store = new PostgresHubStore(connection, TestPersonalData.Protector());
            await NumberedAttests.WaitUntilAsync(
                async () => (await store.CountDeliveriesAsync(default))[DeliveryState.Acknowledged] == Attests * MessagesPerAttest,
                TimeSpan.FromMinutes(5),
                "all deliveries acknowledged");
            output.WriteLine($"{accepted} attests accepted in {acceptSeconds:F1} s; all {Attests * MessagesPerAttest} deliveries acknowledged after {clock.Elapsed.TotalSeconds:F1} s");

            var messages = await MessageIdsAsync(connection);
            Assert.Equal(Attests * MessagesPerAttest, messages.Count);
            foreach (var (messageId, destination) in messages)
            {
                Assert.True(Destination.TryParse(destination, out var d));
                Assert.True(_simulator[d.Kind].Received.ContainsKey(messageId), $"message {messageId} to {destination} never reached the agency");
            }

            Assert.Equal(Attests * MessagesPerAttest, _simulator.Agencies.Sum(a => a.Received.Count));
            Assert.All(_simulator.Agencies, a => Assert.Equal(0, a.Invalid));
            output.WriteLine($"re-sent after the kill and de-duplicated by the agencies: {_simulator.Agencies.Sum(a => a.Duplicates)}");
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
        finally
        {
            foreach (var hub in hubs)
            {
                hub.Dispose();
            }
        }
    }

    private static async Task<List<(Guid MessageId, string Destination)>> MessageIdsAsync(string connectionString)
    {
        var result = new List<(Guid, string)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT message_id, destination FROM deliveries WHERE message_kind <> 'Renew'", connection); // renewals are for next year
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return result;
    }
}
