using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task AReceipt_IsVerifiedOffline_AndATamperedOneIsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New(); // Dimona only: recognised once the RSZ accepts
        await hub.SubmitAsync(attest);
        await hub.SettleAsync();
        Assert.Equal("Recognised", await hub.StatusTextAsync(Attests.IdOf(attest)));
        using var answer = await hub.Client.GetAsync($"api/v1/attests/{Attests.IdOf(attest)}/receipt");
        Assert.Equal(("application/jose", HttpStatusCode.OK), (answer.Content.Headers.ContentType?.MediaType, answer.StatusCode));
        var folder = Directory.CreateTempSubdirectory("statuut-receipt-").FullName;
        var receipt = Path.Combine(folder, "receipt.jws");
        var keys = Path.Combine(folder, "keys.json");
        await File.WriteAllTextAsync(receipt, await answer.Content.ReadAsStringAsync());
        using (var anonymous = hub.AnonymousClient())
        {
            await File.WriteAllTextAsync(keys, await anonymous.GetStringAsync(".well-known/statuut-receipt-keys"));
        }

        var (exit, output) = await RunAsync("verify-receipt", receipt, "--keys", keys);
        Assert.Equal(0, exit);
        Assert.Contains($"echt / genuine", output, StringComparison.Ordinal);
        Assert.Contains("dimona: approved", output, StringComparison.Ordinal);
        Assert.DoesNotContain(attest["participant"]!["insz"]!.GetValue<string>(), output, StringComparison.Ordinal); // masked on the receipt

        // Change one character of what it says: the signature no longer holds.
        var parts = (await File.ReadAllTextAsync(receipt)).Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1])).Replace("approved", "approvee", StringComparison.Ordinal);
        await File.WriteAllTextAsync(receipt, $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}");
        (exit, output) = await RunAsync("verify-receipt", receipt, "--keys", keys);
        Assert.Equal(1, exit);
        Assert.Contains("NOT GENUINE", output, StringComparison.Ordinal);
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
    public async Task SubmitCsv_AsAFlemishExcelWritesIt_SemicolonsAndDecimalCommas_IsAccepted()
    {
        await using var hub = await TestHub.StartAsync();
        var rows = new[] { Attests.New("INCAPACITY", "SOCIAL_INTEGRATION"), Attests.New("SOCIAL_INTEGRATION") };
        // Excel (nl-BE) writes ';' between cells, a decimal comma, and quotes a cell that holds a ';'.
        var csv = "\uFEFFattestId;kind;kbo;initiativeName;insz;familyName;givenName;birthDate;residenceNis;landsbond;benefits;startDate;endDate;hoursPerWeek;workplace;expenseAllowancePerDay\r\n"
            + string.Join("\r\n", rows.Select(r => string.Join(';',
                r["attestId"], "AMA_WSE", "0123.456.749", "De Keiberg, vzw", r["participant"]!["insz"], "Peeters", "An", r["participant"]!["birthDate"], "44021", "300",
                $"\"{string.Join(';', r["benefits"]!.AsArray().Select(b => b!.GetValue<string>()))}\"", "2027-01-04", "2027-06-30", "16,5", "\"Atelier hout; Merelbeke\"", "4,50")))
            + "\r\n;;;;;;;;;;;;;;;\r\n";
        var file = Path.Combine(Path.GetTempPath(), $"batch-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, csv);

        var (exit, output) = await RunAsync("submit", file, "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.InitiativeKey);

        Assert.True(exit == 0, output);
        Assert.Contains("2 aanvaard, 0 geweigerd", output, StringComparison.Ordinal);
        var stored = await hub.StatusAsync(Attests.IdOf(rows[0]));
        Assert.Equal(["INCAPACITY", "SOCIAL_INTEGRATION"], stored.GetProperty("benefits").EnumerateArray().Select(b => b.GetString()!).Order());
        File.Delete(file);
    }

    [Fact]
    public async Task SubmitCsv_AnUnreadableRow_IsNamedByLineAndColumn_AndNothingIsSent()
    {
        await using var hub = await TestHub.StartAsync();
        var good = Attests.New("UNEMPLOYMENT");
        var csv = "attestId;kind;kbo;initiativeName;insz;familyName;givenName;birthDate;residenceNis;benefits;startDate;endDate;hoursPerWeek;workplace;expenseAllowancePerDay\n"
            + $"{good["attestId"]};AMA_WSE;0123456749;De Keiberg;{good["participant"]!["insz"]};Peeters;An;{good["participant"]!["birthDate"]};44021;UNEMPLOYMENT;2027-01-04;2027-06-30;16;Atelier;4,50\n"
            + $"{Guid.NewGuid()};AMA_WSE;0123456749;De Keiberg;{good["participant"]!["insz"]};Peeters;An;{good["participant"]!["birthDate"]};44021;UNEMPLOYMENT;2027-01-04;2027-06-30;zestien;Atelier;4,50\n";
        var file = Path.Combine(Path.GetTempPath(), $"batch-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, csv);

        var (exit, output) = await RunAsync("submit", file, "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.InitiativeKey);

        Assert.Equal(2, exit);
        Assert.Contains($"{Path.GetFileName(file)}:3", output, StringComparison.Ordinal);
        Assert.Contains("hoursPerWeek: 'zestien' is geen getal", output, StringComparison.Ordinal);
        Assert.Contains("niets verstuurd", output, StringComparison.Ordinal);
        using var status = await hub.Client.GetAsync($"api/v1/attests/{Attests.IdOf(good)}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, status.StatusCode); // the good row was not sent either
        File.Delete(file);
    }

    [Fact]
    public async Task OutputJson_GivesTheHubsAnswer_ForScripts()
    {
        await using var hub = await TestHub.StartAsync();
        var attest = Attests.New("UNEMPLOYMENT");
        await hub.SubmitAsync(attest);

        var (exit, output) = await RunAsync("status", Attests.IdOf(attest).ToString(), "--output", "json", "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.InitiativeKey);
        Assert.Equal(0, exit);
        using var status = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(Attests.IdOf(attest).ToString(), status.RootElement.GetProperty("attestId").GetString());
        Assert.Equal("InProgress", status.RootElement.GetProperty("status").GetString());

        (exit, output) = await RunAsync("deliveries", "-o", "json", "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey);
        Assert.Equal(0, exit);
        using var deliveries = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(["dimona", "rva", "vdab"], deliveries.RootElement.EnumerateArray().Select(d => d.GetProperty("destination").GetString()!).Order());

        (exit, output) = await RunAsync("verify-audit", "--output", "json", "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey);
        Assert.Equal(0, exit);
        Assert.True(System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task AskStatus_AsksTheAgencyForAMissingDecision_AndPrintsWhatItSaid()
    {
        await using var hub = await TestHub.StartAsync();
        hub.Simulator[DestinationKind.Ocmw].ForgetsCallbacks = true;
        var attest = Attests.New("SOCIAL_INTEGRATION");
        await hub.SubmitAsync(attest);
        await hub.SettleAsync();
        var ocmw = (await hub.StatusAsync(Attests.IdOf(attest))).GetProperty("deliveries").EnumerateArray().First(d => d.GetProperty("state").GetString() == "Sent");
        var id = (await hub.Hub.App.Services.GetRequiredService<StatuutHub.Storage.Contract.IHubStore>().GetAttestAsync(Attests.IdOf(attest), default))!
            .Deliveries.Single(d => d.MessageId == ocmw.GetProperty("messageId").GetGuid()).DeliveryId;

        var (exit, output) = await RunAsync("ask-status", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey);

        Assert.True(exit == 0, output);
        Assert.Contains("goedgekeurd", output, StringComparison.Ordinal);
        Assert.Equal("Recognised", await hub.StatusTextAsync(Attests.IdOf(attest)));
        (exit, _) = await RunAsync("ask-status", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey);
        Assert.Equal(1, exit); // decided now: nothing to ask
    }

    [Fact]
    public async Task Callback_SetListRemove_WithTheSecretShownOnce_AndARefusalExplained()
    {
        await using var hub = await TestHub.StartAsync();
        string[] staff = ["--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey];

        var (exit, output) = await RunAsync(["callback", "set", DemoCredentials.InitiativeKbo, "https://hooks.example.be/statuut", .. staff]);
        Assert.True(exit == 0, output);
        Assert.Matches(@"(?m)^secret: [A-Za-z0-9_-]{43}$", output);
        (exit, output) = await RunAsync(["callback", "list", "-o", "json", .. staff]);
        Assert.Equal(0, exit);
        var listed = System.Text.Json.JsonDocument.Parse(output).RootElement;
        Assert.Equal(("0123456749", "https://hooks.example.be/statuut"), (listed[0].GetProperty("initiative").GetString(), listed[0].GetProperty("url").GetString()));
        Assert.DoesNotContain("secret", output, StringComparison.Ordinal);

        (exit, output) = await RunAsync(["callback", "set", DemoCredentials.InitiativeKbo, "ftp://hooks.example.be/x", .. staff]);
        Assert.Equal(1, exit);
        Assert.Contains("CALLBACK_URL_INVALID", output, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync(["callback", "remove", DemoCredentials.InitiativeKbo, .. staff])).Exit);
        Assert.Equal(1, (await RunAsync(["callback", "remove", DemoCredentials.InitiativeKbo, .. staff])).Exit);
    }

    [Fact]
    public async Task AuditCheckpoint_IsWrittenToAFile_AndVerifyAuditChecksTheStoreAgainstIt()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SubmitAsync(Attests.New("UNEMPLOYMENT"));
        await hub.SettleAsync();
        var file = Path.Combine(Path.GetTempPath(), $"checkpoint-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, output) = await RunAsync("audit-checkpoint", "--out", file, "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.OperatorKey);
            Assert.True(exit == 0, output);
            Assert.Contains("\"signature\"", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

            (exit, output) = await RunAsync("verify-audit", "--checkpoint", file, "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.ViewerKey);
            Assert.True(exit == 0, output);
            Assert.Contains("checkpoint holds", output, StringComparison.Ordinal);

            await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("\"signature\":\"", "\"signature\":\"0", StringComparison.Ordinal));
            (exit, output) = await RunAsync("verify-audit", "--checkpoint", file, "--hub", hub.Hub.BaseAddress.ToString(), "--key", DemoCredentials.ViewerKey);
            Assert.Equal(1, exit);
            Assert.Contains("does not hold", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheCli_PacksAsADotnetTool_ThatInstallsAndRuns()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("statuut-tool-");
        try
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var feed = Path.Combine(work.FullName, "feed");
            var tools = Path.Combine(work.FullName, "tools");
            var (packed, packOutput) = await RunDotnetAsync(root, "pack", Path.Combine(root, "src", "StatuutHub.Cli"), "-c", configuration, "--no-build", "-o", feed, "-nologo");
            Assert.True(packed == 0, packOutput);
            Assert.Single(Directory.GetFiles(feed, "StatuutHub.Cli.*.nupkg"));

            var (installed, installOutput) = await RunDotnetAsync(work.FullName, "tool", "install", "StatuutHub.Cli", "--tool-path", tools, "--add-source", feed, "--ignore-failed-sources");
            Assert.True(installed == 0, installOutput);

            var example = Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", "unemployment-and-leefloon.json");
            var info = new ProcessStartInfo(Path.Combine(tools, "statuut")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("validate");
            info.ArgumentList.Add(example);
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, output);
            Assert.Contains("unemployment-and-leefloon.json", output, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
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
        await hub.SettleAsync(); // sent again, and Dimona's result (posted back a moment later) taken
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
        Assert.Equal(0, (await RunAsync("validate", Path.Combine(examples, "valid", "unemployment-and-leefloon.json"))).Exit);
        var (exit, output) = await RunAsync("validate", Path.Combine(examples, "invalid", "many-business-problems.json"));
        Assert.Equal(1, exit);
        Assert.Contains("KBO_CHECKSUM", output, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Output)> RunAsync(params string[] args) => RunDotnetAsync(AppContext.BaseDirectory, [CliDll(), .. args]);

    private static async Task<(int Exit, string Output)> RunDotnetAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
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

    private static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "StatuutHub.sln")))
        {
            root = root.Parent;
        }

        return root!.FullName;
    }

    private static string CliDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        var root = new DirectoryInfo(RepositoryRoot());

        return Path.Combine(root!.FullName, "src", "StatuutHub.Cli", "bin", configuration, "net10.0", "statuut.dll");
    }
}
