using System.Diagnostics;
using System.Text.Json.Nodes;
using StatuutHub.Domain.Routing;

using StatuutHub.Host.Security;
using StatuutHub.Tests.Shared;

namespace StatuutHub.Cli.Tests;

/// <summary>The real <c>statuut</c> command (its built dll, in its own process) against a hub on loopback.</summary>
public class CliTests
{
    [Fact]
    public async Task SubmitFolder_AcceptsTheValidOnes_ReportsTheRefusedOne_ExitsOne()
    {
        await using var hub = await TestHub.StartAsync();
        var folder = Directory.CreateTempSubdirectory("statuut-batch-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "a.json"), Attests.New("UNEMPLOYMENT").ToJsonString());
        await File.WriteAllTextAsync(Path.Combine(folder, "b.json"), Attests.New().ToJsonString());
        var bad = Attests.New();
        bad["participant"]!["insz"] = "85073003329";
        await File.WriteAllTextAsync(Path.Combine(folder, "c.json"), bad.ToJsonString());

        var (exit, output) = await RunAsync("submit", folder, "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.InitiativeKey);

        Assert.Equal(1, exit);
        Assert.Contains("2 aanvaard, 1 geweigerd", output, StringComparison.Ordinal);
        Assert.Contains("INSZ_CHECKSUM", output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task SubmitCsv_OneAttestPerRow_ExitsZero()
    {
        await using var hub = await TestHub.StartAsync();
        var rows = new[] { Attests.New("UNEMPLOYMENT"), Attests.New("SOCIAL_INTEGRATION") };
        var csv = "attestId,kind,kbo,initiativeName,insz,familyName,givenName,birthDate,residenceNis,benefits,startDate,endDate,hoursPerWeek,workplace,expenseAllowancePerDay\n"
            + string.Join('\n', rows.Select(r => string.Join(',',
                r["attestId"], "AMA_WSE", "0123.456.749", "\"De Keiberg, vzw\"", r["participant"]!["insz"], "Peeters", "An", r["participant"]!["birthDate"], "44021",
                r["benefits"]![0], "2027-01-04", "2027-06-30", "16", "\"Atelier hout, Merelbeke\"", "4.50")));
        var file = Path.Combine(Path.GetTempPath(), $"batch-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, csv);

        var (exit, output) = await RunAsync("submit", file, "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.InitiativeKey);

        Assert.True(exit == 0, output);
        Assert.Contains("2 aanvaard, 0 geweigerd", output, StringComparison.Ordinal);
        Assert.Equal("InProgress", await hub.StatusTextAsync(Attests.IdOf(rows[1])));
        File.Delete(file);
    }

    [Fact]
    public async Task Status_ShowsTheAttest_UnknownExitsOne()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(attest);
        await hub.SettleAsync(); // VDAB, then the RVA after VDAB's approval

        var (exit, output) = await RunAsync("status", Attests.IdOf(attest).ToString(), "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.InitiativeKey);
        var (unknownExit, _) = await RunAsync("status", Guid.NewGuid().ToString(), "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.InitiativeKey);

        Assert.Equal(0, exit);
        Assert.Contains("Recognised", output, StringComparison.Ordinal);
        Assert.Contains("Acknowledged", output, StringComparison.Ordinal);
        Assert.Equal(1, unknownExit);
    }

    [Fact]
    public async Task FailedDeliveries_AreListed_AndReplayedFromTheCommandLine()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Dimona].InjectFaults(Agencies.Simulator.FaultKind.BadRequest, 1);
        var attest = Attests.New();
        await hub.SubmitAsync(attest);
        await hub.DispatchUntilIdleAsync();

        var (listExit, list) = await RunAsync("deliveries", "--state", "failed", "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey);
        var (replayExit, replay) = await RunAsync("replay", "--destination", "dimona", "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey);

        Assert.Equal(0, listExit);
        Assert.Contains("DeadLettered", list, StringComparison.Ordinal);
        Assert.Equal(0, replayExit);
        Assert.Contains("1 opnieuw aangeboden", replay, StringComparison.Ordinal);
        await hub.DispatchUntilIdleAsync();
        Assert.Equal("Recognised", await hub.StatusTextAsync(Attests.IdOf(attest)));
    }

    [Fact]
    public async Task VerifyAudit_ReportsAnIntactChain_AndTheFirstChangedEvent()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        await hub.DispatchUntilIdleAsync();
        await hub.WaitForDecisionsAsync();

        var (exit, output) = await RunAsync("verify-audit", "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey);
        Assert.Equal(0, exit);
        Assert.Contains("audit trail intact", output, StringComparison.Ordinal);

        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={hub.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit_events SET actor = 'someone else' WHERE seq = 2";
            await command.ExecuteNonQueryAsync();
        }

        var (brokenExit, broken) = await RunAsync("verify-audit", "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey);
        Assert.Equal(1, brokenExit);
        Assert.Contains("broken at event 2", broken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableHub_ExitsThree()
    {
        var (exit, _) = await RunAsync("status", Guid.NewGuid().ToString(), "--hub", "http://127.0.0.1:1/");
        Assert.Equal(3, exit);
    }

    [Fact]
    public async Task Validate_Offline_ExitCodes()
    {
        var examples = Path.Combine(AppContext.BaseDirectory, "examples", "attest");
        Assert.Equal(0, (await RunAsync("validate", Path.Combine(examples, "valid", "all-benefits.json"))).Exit);
        var (exit, output) = await RunAsync("validate", Path.Combine(examples, "invalid", "many-business-problems.json"));
        Assert.Equal(1, exit);
        Assert.Contains("KBO_CHECKSUM", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CliDll());
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string CliDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "StatuutHub.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root!.FullName, "src", "StatuutHub.Cli", "bin", configuration, "net10.0", "statuut.dll");
    }
}
