using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StatuutHub.Domain.Routing;
using StatuutHub.Host.Security;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Host.Tests.Alerts;

/// <summary>Alerts by e-mail through a real SMTP exchange (MailKit to a test server started here): a dead letter alerts once, the
/// mail says what and where in Dutch and English, clearing it mails again; a mail server that is down is recorded, not retried
/// in a loop; the page and the admin API show current and past alerts.</summary>
public sealed class AlertTests
{
    [Fact]
    public async Task ADeadLetter_IsMailedOnce_AndItsClearingToo()
    {
        await using var smtp = TestSmtpServer.Start();
        await using var hub = await TestHub.StartAsync(MailTo(smtp.Port).Append("--Destinations:dimona:MaxAttempts=1").ToArray());
        hub.Simulator[DestinationKind.Dimona].Down();
        await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        await hub.DispatchUntilIdleAsync();

        Assert.Equal(["dead-letters:dimona"], (await hub.Alerts.RunOnceAsync(default)).Select(a => a.Key));
        var mail = Assert.Single(smtp.Received);
        Assert.Equal(("hub@example.be", "support@example.be"), (mail.From, Assert.Single(mail.To)));
        Assert.Contains("dead-letters:dimona", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("1 dode brief/brieven voor dimona", mail.Body, StringComparison.Ordinal);
        Assert.Contains("1 dead letter(s) for dimona", mail.Body, StringComparison.Ordinal);
        await hub.Alerts.RunOnceAsync(default);
        Assert.Single(smtp.Received); // still firing: not again

        hub.Simulator[DestinationKind.Dimona].Up();
        using var operatorClient = hub.ClientWith(DemoCredentials.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.PostAsJsonAsync("api/v1/admin/dead-letters/replay", new { destination = "dimona" })).StatusCode);
        await hub.SettleAsync();
        Assert.Empty(await hub.Alerts.RunOnceAsync(default));
        Assert.Equal(2, smtp.Received.Count);
        Assert.StartsWith("[StatuutHub] Opgelost / cleared: dead-letters:dimona", smtp.Received[1].Subject, StringComparison.Ordinal);

        var listed = await operatorClient.GetFromJsonAsync<JsonElement>("api/v1/admin/alerts");
        var alert = Assert.Single(listed.EnumerateArray());
        Assert.Equal("dead-letters:dimona", alert.GetProperty("key").GetString());
        Assert.NotEqual(JsonValueKind.Null, alert.GetProperty("resolvedAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, alert.GetProperty("notifiedAt").ValueKind);
        using var staff = await TestCredentials.StaffClientAsync(hub.Hub.BaseAddress, DemoCredentials.ViewerUser, DemoCredentials.ViewerPassword);
        var page = await staff.GetStringAsync("meldingen");
        Assert.Contains("data-alert=\"dead-letters:dimona\"", page, StringComparison.Ordinal);
        Assert.Contains("support@example.be", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMailServerThatIsDown_IsRecordedOnTheAlert_AndTheAlertStillShows()
    {
        int closedPort;
        await using (var gone = TestSmtpServer.Start())
        {
            closedPort = gone.Port;
        }

        await using var hub = await TestHub.StartAsync(MailTo(closedPort).Append("--Alerts:OverdueAbove=0").Append("--Destinations:dimona:MaxAttempts=1").ToArray());
        hub.Simulator[DestinationKind.Dimona].Down();
        await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        await hub.DispatchUntilIdleAsync();

        Assert.Single(await hub.Alerts.RunOnceAsync(default));
        using var operatorClient = hub.ClientWith(DemoCredentials.OperatorKey);
        var alert = (await operatorClient.GetFromJsonAsync<JsonElement>("api/v1/admin/alerts"))[0];
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("resolvedAt").ValueKind);
        Assert.False(string.IsNullOrEmpty(alert.GetProperty("notifyError").GetString()));
    }

    [Fact]
    public async Task ThePrometheusRulesShipped_NameOnlyMetricsTheHubExports()
    {
        await using var hub = await TestHub.StartAsync("--Telemetry:RefreshInterval=00:00:01");
        hub.Simulator[DestinationKind.Dimona].Down();
        await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        await hub.DispatchUntilIdleAsync();
        var rules = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "ops", "prometheus", "statuut-alerts.yml"));
        var named = System.Text.RegularExpressions.Regex.Matches(rules, @"\bstatuut_[a-z_]+").Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        Assert.True(named.Count >= 3, string.Join(", ", named));
        using var anonymous = hub.AnonymousClient();
        var exported = string.Empty;
        await TestHub.WaitUntilAsync(async () =>
        {
            hub.Time.Advance(TimeSpan.FromSeconds(2)); // the gauges' refresh runs on the hub's clock
            exported = await anonymous.GetStringAsync("metrics");
            return named.All(n => exported.Contains(n, StringComparison.Ordinal));
        }, $"every metric the rules name is exported: {string.Join(", ", named)}");
        Assert.Contains("destination=\"dimona\",state=\"RetryScheduled\"} 1", exported, StringComparison.Ordinal); // the labels the rules group by
    }

    private static IEnumerable<string> MailTo(int port) =>
    [
        "--Alerts:Mail:Host=127.0.0.1", $"--Alerts:Mail:Port={port}", "--Alerts:Mail:Security=None",
        "--Alerts:Mail:From=hub@example.be", "--Alerts:Mail:To:0=support@example.be",
    ];
}
