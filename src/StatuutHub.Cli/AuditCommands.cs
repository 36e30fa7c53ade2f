using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace StatuutHub.Cli;

/// <summary>The audit trail: walk its chains, sign a checkpoint of their heads to keep elsewhere, check the store against one.</summary>
public static class AuditCommands
{
    public static IEnumerable<Command> Create()
    {
        var checkpointFile = new Option<FileInfo?>("--checkpoint") { Description = "also check the store against this checkpoint (made by audit-checkpoint)" };
        var verify = new Command("verify-audit", "walk the audit trail's hash chains and report the first broken link; with --checkpoint, also against a kept checkpoint") { checkpointFile };
        verify.SetAction((parse, ct) => HubCommands.Guard(async () =>
        {
            // With a checkpoint, --output json prints the checkpoint's answer only (one document for scripts).
            var file = parse.GetValue(checkpointFile);
            var chains = await VerifyChainsAsync(HubCommands.Target(parse), HubCommands.Json(parse) && file is null, ct);
            return file is not null && chains == ExitCodes.Ok
                ? await VerifyCheckpointAsync(HubCommands.Target(parse), file, HubCommands.Json(parse), ct)
                : chains;
        }));

        var output = new Option<FileInfo>("--out") { Description = "where to write the signed checkpoint (keep it outside the hub's machine)", Required = true };
        var checkpoint = new Command("audit-checkpoint", "sign the heads of the audit chains (operator key) and write the checkpoint to a file") { output };
        checkpoint.SetAction((parse, ct) => HubCommands.Guard(async () =>
        {
            using var client = new HubClient(HubCommands.Target(parse));
            var (status, body) = await client.PostJsonAsync("api/v1/admin/audit/checkpoint", new { }, ct);
            if (status != 200)
            {
                AnsiConsole.MarkupLine($"[red]HTTP {status}: {Markup.Escape(body.ToString())}[/]");
                return ExitCodes.Invalid;
            }

            var file = parse.GetValue(output)!;
            await File.WriteAllTextAsync(file.FullName, body.GetRawText(), ct);
            AnsiConsole.MarkupLine($"checkpoint of {body.GetProperty("heads").GetArrayLength()} chains written to {Markup.Escape(file.FullName)}");
            return ExitCodes.Ok;
        }));
        return [verify, checkpoint];
    }

    private static async Task<int> VerifyCheckpointAsync(HubTarget hub, FileInfo file, bool json, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file.FullName, ct));
        using var client = new HubClient(hub);
        var (status, body) = await client.PostJsonAsync("api/v1/admin/audit/verify-checkpoint", document.RootElement, ct);
        if (json)
        {
            HubCommands.WriteJson(body);
        }
        else if (status == 200 && body.GetProperty("intact").GetBoolean())
        {
            AnsiConsole.MarkupLine($"checkpoint holds: {body.GetProperty("chainsChecked").GetInt32()} chains as signed");
        }
        else
        {
            AnsiConsole.MarkupLine($"[red]checkpoint does not hold: {Markup.Escape(body.TryGetProperty("reason", out var r) ? r.GetString() ?? body.ToString() : body.ToString())}[/]");
        }

        return status == 200 && body.GetProperty("intact").GetBoolean() ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static async Task<int> VerifyChainsAsync(HubTarget hub, bool json, CancellationToken ct)
    {
        using var client = new HubClient(hub);
        var (status, body) = await client.GetAsync("api/v1/admin/audit/verify", ct);
        if (status != 200)
        {
            AnsiConsole.MarkupLine($"[red]HTTP {status}[/]");
            return ExitCodes.UsageError;
        }

        if (json)
        {
            HubCommands.WriteJson(body);
            return body.GetProperty("intact").GetBoolean() ? ExitCodes.Ok : ExitCodes.Invalid;
        }

        var events = body.GetProperty("events").GetInt64();
        if (body.GetProperty("intact").GetBoolean())
        {
            AnsiConsole.MarkupLine($"audit trail intact: {events} events");
            return ExitCodes.Ok;
        }

        AnsiConsole.MarkupLine($"[red]audit trail broken at event {body.GetProperty("firstBrokenSequence").GetInt64()}[/]: {Markup.Escape(body.GetProperty("reason").GetString()!)}");
        return ExitCodes.Invalid;
    }
}
