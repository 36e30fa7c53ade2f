using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StatuutHub.Agencies.Simulator;
using StatuutHub.Demo;
using StatuutHub.Delivery.Dispatch;
using StatuutHub.Host.Security;

namespace StatuutHub.Tests.Shared;

/// <summary>The real hub in demo mode (<see cref="DemoHub"/>) on a loopback port with its own SQLite file and the four simulated agencies.
/// Time is a <see cref="FakeTimeProvider"/> and the dispatcher loop is off: the test drives dispatch
/// rounds and moves time itself, so no test sleeps for a backoff.</summary>
public sealed class TestHub : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private readonly string _dataDirectory;

    private TestHub(DemoHub hub, FakeTimeProvider time, string dataDirectory)
    {
        Hub = hub;
        Time = time;
        _dataDirectory = dataDirectory;
        Client = ClientWith(DemoCredentials.InitiativeKey);
        Dispatcher = hub.App.Services.GetRequiredService<DeliveryDispatcher>();
        Callbacks = hub.App.Services.GetRequiredService<StatuutHub.Application.Callbacks.CallbackSender>();
        Alerts = hub.App.Services.GetRequiredService<StatuutHub.Application.Alerts.AlertWatch>();
    }

    public DemoHub Hub { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The demo initiative (KBO 0123456749, the one in the examples).</summary>
    public HttpClient Client { get; }

    /// <summary>A client presenting another key (dispose it).</summary>
    public HttpClient ClientWith(string key) => TestCredentials.Client(Hub.BaseAddress, key);

    /// <summary>A client with no credential at all (dispose it).</summary>
    public HttpClient AnonymousClient() => new() { BaseAddress = Hub.BaseAddress };

    public DeliveryDispatcher Dispatcher { get; }

    /// <summary>The callback sender (its loop is off: tests run its rounds).</summary>
    public StatuutHub.Application.Callbacks.CallbackSender Callbacks { get; }

    /// <summary>The alert watch (its loop is off: tests run its checks).</summary>
    public StatuutHub.Application.Alerts.AlertWatch Alerts { get; }

    /// <summary>The hub's SQLite file, for tests that act as someone with database access.</summary>
    public string DatabasePath => Path.Combine(_dataDirectory, "statuut.db");

    public AgencySimulator Simulator => Hub.Simulator;

    public static Task<TestHub> StartAsync(params string[] extraSettings) => StartAsync(null, extraSettings);

    /// <summary>Starts the hub; <paramref name="customize"/> may add configuration sources or services.</summary>
    public static async Task<TestHub> StartAsync(Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? customize, params string[] extraSettings)
    {
        var data = Path.Combine(Path.GetTempPath(), "statuut-hub-" + Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(Start);
        string[] settings =
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={data}",
            "--Simulator:FirstPort=0",
            "--Simulator:Latency=00:00:00",
            "--Simulator:DecisionDelay=00:00:00",
            "--Dispatcher:Enabled=false",
            "--Reconciliation:Enabled=false",
            "--Callbacks:Enabled=false",
            "--Alerts:Enabled=false",
            "--Statistics:Enabled=false", // made by the tests that read them (RunOnceAsync)
            // Tests move the fake clock by months (renewals): a 15-second timer would fire hundreds of thousands of times.
            "--Telemetry:RefreshInterval=1.00:00:00",
            .. new[] { "rva", "mutualiteit", "ocmw", "dimona", "vdab" }.SelectMany(k => new[]
            {
                $"--Destinations:{k}:QuickRetries=0",
                $"--Destinations:{k}:RetryBaseDelay=00:00:01",
                $"--Destinations:{k}:RetryMaxDelay=00:00:10",
            }),
            .. TestCredentials.NoRateLimit(),
            .. extraSettings,
        ];
        var hub = await DemoHub.BuildAsync(settings, builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
            customize?.Invoke(builder);
        });
        await hub.StartAsync();
        return new TestHub(hub, time, data);
    }

    /// <summary>Dispatch rounds until nothing due is left.</summary>
    public async Task DispatchUntilIdleAsync()
    {
        while (await Dispatcher.RunOnceAsync(default) > 0)
        {
        }
    }

    /// <summary>Dispatches and waits for the agencies' decisions, again, until a round sends nothing: a decision can
    /// release a delivery that waited for it (the RVA after VDAB), which the next round sends.</summary>
    public async Task SettleAsync()
    {
        for (var round = 0; round < 10; round++)
        {
            var sent = 0;
            int claimed;
            while ((claimed = await Dispatcher.RunOnceAsync(default)) > 0)
            {
                sent += claimed;
            }

            await WaitForDecisionsAsync();
            if (sent == 0)
            {
                return;
            }
        }

        throw new InvalidOperationException("Still sending after 10 rounds of dispatch and decisions.");
    }

    /// <summary>Waits (bounded) until the simulated agencies have posted every decision to the hub.</summary>
    public async Task WaitForDecisionsAsync() => await WaitUntilAsync(() => Task.FromResult(Simulator.PendingDecisions == 0), "decisions posted");

    /// <summary>Polls a condition that another thread (the simulator posting acks) makes true; fails after 30 s.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }

    public Task<HttpResponseMessage> SubmitAsync(JsonObject attest) =>
        Client.PostAsync("api/v1/attests", new StringContent(attest.ToJsonString(), Encoding.UTF8, "application/json"));

    public async Task<JsonElement> StatusAsync(Guid attestId) =>
        await Client.GetFromJsonAsync<JsonElement>($"api/v1/attests/{attestId}");

    public async Task<string> StatusTextAsync(Guid attestId) => (await StatusAsync(attestId)).GetProperty("status").GetString()!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Hub.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: temp files
        }
    }
}

/// <summary>Valid attest documents for the host tests, from schemas/examples, each with its own id and INSZ.</summary>
public static class Attests
{
    private static int _person;

    public static JsonObject Example(string name = "unemployment-and-leefloon") =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", name + ".json")))!.AsObject();

    /// <summary>A fresh attest for a new participant with the given benefits: an AMA WVG attest, so the bodies told follow
    /// from the benefits alone (in AMA WSE VDAB is told whatever the benefits).</summary>
    public static JsonObject New(params string[] benefits)
    {
        var person = Interlocked.Increment(ref _person);
        var doc = Example("wvg-incapacity");
        doc["attestId"] = Guid.NewGuid().ToString();
        var birth = new DateOnly(1970, 1, 1).AddDays(person * 37 % 9000);
        var nine = $"{birth:yyMMdd}{(person % 997) + 1:000}";
        var check = 97 - (int)(long.Parse(nine, System.Globalization.CultureInfo.InvariantCulture) % 97);
        doc["participant"]!["insz"] = $"{nine}{check:00}";
        doc["participant"]!["birthDate"] = birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        doc["benefits"] = new JsonArray(benefits.Select(b => (JsonNode)JsonValue.Create(b)!).ToArray());
        return doc;
    }

    public static Guid IdOf(JsonObject doc) => Guid.Parse(doc["attestId"]!.GetValue<string>());
}
