using StatuutHub.Validation.Batches;
using System.CommandLine;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace StatuutHub.Cli;

/// <summary>The commands that talk to a running hub: submit, status, deliveries, retry, replay.</summary>
public static class HubCommands
{
    public static readonly Option<string?> Hub = new("--hub") { Description = "the hub's address (default: $STATUUT_HUB or http://127.0.0.1:5080)", Recursive = true };

    public static readonly Option<string?> Key = new("--key") { Description = "your API key: an initiative's for submit/status, a staff member's for the rest (default: $STATUUT_KEY)", Recursive = true };

    public static readonly Option<string> Output = new("--output", "-o") { Description = "table (default) or json: the hub's answer as JSON, for scripts (status, deliveries, ask-status, verify-audit)", DefaultValueFactory = _ => "table", Recursive = true };

    public static IEnumerable<Command> Create()
    {
        var path = new Argument<string>("path") { Description = "an attest (.json/.xml), a folder of them, or a .csv with one attest per row" };
        var submit = new Command("submit", "submit one attest, a folder or a CSV batch, with progress and a summary") { path };
        submit.SetAction((parse, ct) => Guard(() => SubmitAsync(Target(parse), parse.GetValue(path)!, ct)));

        var attestId = new Argument<Guid>("attestId");
        var status = new Command("status", "show an attest's status and its deliveries") { attestId };
        status.SetAction((parse, ct) => Guard(() => StatusAsync(Target(parse), parse.GetValue(attestId), Json(parse), ct)));

        var state = new Option<string?>("--state") { Description = "Pending, Sent, Acknowledged, Rejected, RetryScheduled, DeadLettered, Overdue, Waiting, Stopped, Archived, or 'failed' (RetryScheduled and DeadLettered)" };
        var destination = new Option<string?>("--destination") { Description = "rva, mutualiteit, ocmw, dimona or an exact id such as ocmw-44021" };
        var deliveries = new Command("deliveries", "list deliveries, newest first") { state, destination };
        deliveries.SetAction((parse, ct) => Guard(() => DeliveriesAsync(Target(parse), parse.GetValue(state), parse.GetValue(destination), Json(parse), ct)));

        var deliveryId = new Argument<long>("deliveryId");
        var retry = new Command("retry", "retry a delivery now") { deliveryId };
        retry.SetAction((parse, ct) => Guard(() => PostAsync(Target(parse), $"api/v1/admin/deliveries/{parse.GetValue(deliveryId)}/retry", new { }, ct)));

        var ids = new Argument<long[]>("deliveryIds") { Arity = ArgumentArity.ZeroOrMore, Description = "dead letters to replay (none: all, or all of --destination)" };
        var replay = new Command("replay", "offer dead letters again with a fresh retry budget") { ids, destination };
        replay.SetAction((parse, ct) => Guard(() =>
        {
            var chosen = parse.GetValue(ids);
            return PostAsync(Target(parse), "api/v1/admin/dead-letters/replay", new { deliveryIds = chosen is { Length: > 0 } ? chosen : null, destination = parse.GetValue(destination) }, ct);
        }));
        var archiveIds = new Argument<long[]>("deliveryIds") { Arity = ArgumentArity.OneOrMore, Description = "dead letters to archive" };
        var reason = new Option<string>("--reason") { Description = "why they are not sent again (kept in the audit trail)", Required = true };
        var archive = new Command("archive", "put dead letters aside with a reason: off the failure lists and the alerts") { archiveIds, reason };
        archive.SetAction((parse, ct) => Guard(() => PostAsync(Target(parse), "api/v1/admin/dead-letters/archive", new { deliveryIds = parse.GetValue(archiveIds), reason = parse.GetValue(reason) }, ct)));
        var unarchiveIds = new Argument<long[]>("deliveryIds") { Arity = ArgumentArity.OneOrMore, Description = "archived dead letters to put back" };
        var unarchive = new Command("unarchive", "put archived dead letters back among the dead letters") { unarchiveIds };
        unarchive.SetAction((parse, ct) => Guard(() => PostAsync(Target(parse), "api/v1/admin/dead-letters/unarchive", new { deliveryIds = parse.GetValue(unarchiveIds) }, ct)));
        var askId = new Argument<long>("deliveryId");
        var ask = new Command("ask-status", "vraag de status op: ask the agency now for its decision about a delivery that waits for one") { askId };
        ask.SetAction((parse, ct) => Guard(() => AskStatusAsync(Target(parse), parse.GetValue(askId), Json(parse), ct)));
        var backup = new Command("backup", "a consistent backup of the hub's store (SQLite), made while the hub works; prints the file");
        backup.SetAction((parse, ct) => Guard(() => BackupAsync(Target(parse), Json(parse), ct)));
        return [submit, status, deliveries, retry, replay, archive, unarchive, ask, backup, CallbackCommands.Create(), .. AuditCommands.Create()];
    }

    private static async Task<int> SubmitAsync(HubTarget hub, string path, CancellationToken ct)
    {
        // A batch file is read once: checked whole first, then sent row by row.
        var rows = !Directory.Exists(path) && path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path) : null;
        var unreadable = rows?.Where(r => r.Problems.Count > 0).ToList() ?? [];
        if (unreadable.Count > 0)
        {
            // Nothing is sent from a file with unreadable rows: fix them, then submit the whole file.
            var problems = new Table().AddColumns("rij / row", "probleem / problem");
            unreadable.ForEach(r => problems.AddRow(Markup.Escape(r.Name), Markup.Escape(string.Join("; ", r.Problems))));
            AnsiConsole.Write(problems);
            AnsiConsole.MarkupLine($"[red]{unreadable.Count} rij(en) onleesbaar; niets verstuurd / {unreadable.Count} row(s) unreadable; nothing sent.[/]");
            return ExitCodes.UsageError;
        }

        var documents = (rows?.Select(r => (r.Name, r.Json!, "application/json")) ?? Documents(path)).ToList();
        if (documents.Count == 0)
        {
            AnsiConsole.MarkupLine($"[red]No attests found at {Markup.Escape(path)}.[/]");
            return ExitCodes.UsageError;
        }

        using var client = new HubClient(hub);
        var results = new List<(string Name, int Status, JsonElement Body)>();
        async Task SendAll(Action advance)
        {
            foreach (var (name, body, mediaType) in documents)
            {
                var (status, answer) = await client.SendAsync(HttpMethod.Post, "api/v1/attests", new StringContent(body, Encoding.UTF8, mediaType), ct);
                results.Add((name, status, answer));
                advance();
            }
        }

        if (AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask("attesten indienen", maxValue: documents.Count);
                await SendAll(() => task.Increment(1));
            });
        }
        else
        {
            await SendAll(() => { });
        }

        var table = new Table().AddColumns("document", "resultaat", "attestId / problemen");
        foreach (var (name, status, body) in results)
        {
            var accepted = status == 202;
            var detail = accepted
                ? body.GetProperty("attestId").GetString()!
                : string.Join("; ", body.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().Select(e => $"{e.GetProperty("path").GetString()} {e.GetProperty("code").GetString()}") : [$"HTTP {status}"]);
            table.AddRow(Markup.Escape(name), accepted ? "[green]aanvaard[/]" : $"[red]geweigerd ({status})[/]", Markup.Escape(detail));
        }

        AnsiConsole.Write(table);
        var refused = results.Count(r => r.Status != 202);
        AnsiConsole.MarkupLine($"{results.Count - refused} aanvaard, {refused} geweigerd");
        return refused == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static async Task<int> StatusAsync(HubTarget hub, Guid attestId, bool json, CancellationToken ct)
    {
        using var client = new HubClient(hub);
        var (status, body) = await client.GetAsync($"api/v1/attests/{attestId}", ct);
        if (json)
        {
            WriteJson(body);
            return status == 200 ? ExitCodes.Ok : ExitCodes.Invalid;
        }

        if (status == 404)
        {
            AnsiConsole.MarkupLine($"[red]Attest {attestId} bestaat niet.[/]");
            return ExitCodes.Invalid;
        }

        AnsiConsole.MarkupLine($"attest {attestId}: [bold]{Markup.Escape(body.GetProperty("status").GetString()!)}[/] (versie {body.GetProperty("version").GetInt32()})");
        var table = new Table().AddColumns("bestemming", "versie", "bericht", "toestand", "pogingen", "referentie", "reden");
        foreach (var d in body.GetProperty("deliveries").EnumerateArray())
        {
            table.AddRow(Text(d, "destination"), d.GetProperty("version").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), Text(d, "message"), Text(d, "state"),
                d.GetProperty("attempts").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), Text(d, "reference"), Text(d, "reasonCode") is { Length: > 0 } r ? r : Text(d, "lastError"));
        }

        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static async Task<int> DeliveriesAsync(HubTarget hub, string? state, string? destination, bool json, CancellationToken ct)
    {
        var items = new List<JsonElement>();
        using var client = new HubClient(hub);
        string?[] states = state?.Equals("failed", StringComparison.OrdinalIgnoreCase) == true ? ["RetryScheduled", "DeadLettered"] : [state];
        var table = new Table().AddColumns("id", "attest", "bestemming", "versie", "toestand", "pogingen", "reden");
        foreach (var s in states)
        {
            var query = $"api/v1/admin/deliveries?pageSize=200&state={Uri.EscapeDataString(s ?? string.Empty)}&destination={Uri.EscapeDataString(destination ?? string.Empty)}";
            var (status, body) = await client.GetAsync(query, ct);
            if (status != 200)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(body.ToString())}[/]");
                return ExitCodes.UsageError;
            }

            foreach (var d in body.GetProperty("items").EnumerateArray())
            {
                items.Add(d);
                table.AddRow(d.GetProperty("deliveryId").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), Text(d, "attestId"), Text(d, "destination"),
                    d.GetProperty("version").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), Text(d, "state"),
                    d.GetProperty("attempts").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), Text(d, "reasonCode") is { Length: > 0 } r ? r : Text(d, "lastError"));
            }
        }

        if (json)
        {
            WriteJson(JsonSerializer.SerializeToElement(items));
            return ExitCodes.Ok;
        }

        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static async Task<int> AskStatusAsync(HubTarget hub, long deliveryId, bool json, CancellationToken ct)
    {
        using var client = new HubClient(hub);
        var (status, answer) = await client.PostJsonAsync($"api/v1/admin/deliveries/{deliveryId}/ask-status", new { }, ct);
        if (json)
        {
            WriteJson(answer);
        }
        else if (status == 200)
        {
            AnsiConsole.MarkupLine($"bezorging {deliveryId}: {Markup.Escape(answer.GetProperty("answer").GetString()!)}");
        }
        else
        {
            AnsiConsole.MarkupLine($"[red]HTTP {status}: {Markup.Escape(answer.TryGetProperty("detail", out var d) ? d.GetString()! : answer.ToString())}[/]");
        }

        return status == 200 ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static async Task<int> BackupAsync(HubTarget hub, bool json, CancellationToken ct)
    {
        using var client = new HubClient(hub);
        var (status, answer) = await client.PostJsonAsync("api/v1/admin/backup", new { }, ct);
        if (json)
        {
            WriteJson(answer);
        }
        else if (status == 200)
        {
            AnsiConsole.MarkupLine($"back-up / backup: {Markup.Escape(answer.GetProperty("file").GetString()!)} ({answer.GetProperty("bytes").GetInt64()} bytes)");
        }
        else
        {
            AnsiConsole.MarkupLine($"[red]HTTP {status}: {Markup.Escape(answer.TryGetProperty("detail", out var d) ? d.GetString()! : answer.ToString())}[/]");
        }

        return status == 200 ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static async Task<int> PostAsync(HubTarget hub, string path, object body, CancellationToken ct)
    {
        using var client = new HubClient(hub);
        var (status, answer) = await client.PostJsonAsync(path, body, ct);
        if (status != 200)
        {
            AnsiConsole.MarkupLine($"[red]HTTP {status}: {Markup.Escape(answer.ToString())}[/]");
            return ExitCodes.Invalid;
        }

        // The hub names what moved: requeued, archived or unarchived, and what it skipped.
        var (what, moved) = answer.EnumerateObject().Where(p => p.Name != "skipped").Select(p => (p.Name, p.Value.GetInt32())).First();
        var done = what switch { "archived" => "gearchiveerd", "unarchived" => "teruggezet", _ => "opnieuw aangeboden" };
        AnsiConsole.MarkupLine($"{moved} {done}, {answer.GetProperty("skipped").GetInt32()} overgeslagen");
        return moved > 0 ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static IReadOnlyList<CsvRow> ReadCsv(string path)
    {
        using var file = File.OpenRead(path);
        return AttestCsv.Read(file, Path.GetFileName(path), new StatuutHub.Validation.IntakeLimits());
    }

    private static IEnumerable<(string Name, string Body, string MediaType)> Documents(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.GetFiles(path).Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).Order())
            {
                yield return One(file);
            }
        }
        else if (File.Exists(path))
        {
            yield return One(path);
        }
    }

    private static (string, string, string) One(string file) =>
        (Path.GetFileName(file), File.ReadAllText(file), file.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? "application/xml" : "application/json");

    private static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Markup.Escape(v.GetString()!) : string.Empty;

    internal static bool Json(ParseResult parse) => string.Equals(parse.GetValue(Output), "json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The hub's answer as indented JSON on standard output, nothing else (for jq and scripts).</summary>
    internal static void WriteJson(JsonElement body) => Console.Out.WriteLine(JsonSerializer.Serialize(body, Indented));

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    internal static HubTarget Target(ParseResult parse) => HubTarget.Resolve(parse.GetValue(Hub), parse.GetValue(Key));

    /// <summary>A hub that cannot be reached is its own exit code, with a plain message instead of a stack trace.</summary>
    internal static async Task<int> Guard(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (HttpRequestException ex)
        {
            await Console.Error.WriteLineAsync($"De hub is niet bereikbaar / the hub cannot be reached: {ex.Message}");
            return ExitCodes.HubUnreachable;
        }
        catch (HubRefusedKeyException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.UsageError;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.UsageError;
        }
    }
}
