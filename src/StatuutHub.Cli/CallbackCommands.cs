using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Spectre.Console;

namespace StatuutHub.Cli;

/// <summary><c>statuut callback set|list|retry|remove</c>: initiatives' callback addresses, with a staff key.</summary>
public static class CallbackCommands
{
    public static Command Create()
    {
        var kbo = new Argument<string>("kbo") { Description = "the initiative's enterprise number (KBO)" };
        var url = new Argument<string>("url") { Description = "the https:// address the hub POSTs the initiative's events to" };
        var secret = new Option<string?>("--secret") { Description = "the initiative's own secret (at least 32 characters); without it the hub makes one and shows it once" };
        var set = new Command("set", "register or replace an initiative's callback address (operator key); prints the secret the hub made") { kbo, url, secret };
        set.SetAction((parse, ct) => HubCommands.Guard(async () =>
        {
            using var client = new HubClient(HubCommands.Target(parse));
            var (status, body) = await client.SendAsync(HttpMethod.Put, $"api/v1/admin/initiatives/{Uri.EscapeDataString(parse.GetValue(kbo)!)}/callback",
                JsonContent.Create(new { url = parse.GetValue(url), secret = parse.GetValue(secret) }), ct);
            if (HubCommands.Json(parse))
            {
                HubCommands.WriteJson(body);
            }
            else if (status == 200)
            {
                AnsiConsole.MarkupLine($"terugmeldadres van {Markup.Escape(body.GetProperty("initiative").GetString()!)}: {Markup.Escape(body.GetProperty("url").GetString()!)}");
                if (body.GetProperty("secret").GetString() is { } made)
                {
                    // Written plainly on its own line, so a script can take it; it is not shown again.
                    Console.Out.WriteLine($"secret: {made}");
                }
            }
            else
            {
                Problem(status, body);
            }

            return status == 200 ? ExitCodes.Ok : ExitCodes.Invalid;
        }));

        var list = new Command("list", "every callback address with its events per state, circuit and last error");
        list.SetAction((parse, ct) => HubCommands.Guard(async () =>
        {
            using var client = new HubClient(HubCommands.Target(parse));
            var (status, body) = await client.GetAsync("api/v1/admin/callbacks", ct);
            if (HubCommands.Json(parse) || status != 200)
            {
                HubCommands.WriteJson(body);
                return status == 200 ? ExitCodes.Ok : ExitCodes.Invalid;
            }

            var table = new Table().AddColumns("initiatief", "adres", "bezorgd", "onderweg", "opgegeven", "verbinding", "laatste fout");
            foreach (var c in body.EnumerateArray())
            {
                var events = c.GetProperty("events");
                table.AddRow(Markup.Escape(c.GetProperty("initiative").GetString()!), Markup.Escape(c.GetProperty("url").GetString()!),
                    events.GetProperty("Sent").ToString(), events.GetProperty("Pending").ToString(), events.GetProperty("DeadLettered").ToString(),
                    Markup.Escape(c.GetProperty("circuit").GetString()!), Markup.Escape(c.GetProperty("lastError").GetString() ?? string.Empty));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));

        var only = new Argument<string?>("kbo") { Description = "only this initiative's (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var retry = new Command("retry", "offer given-up events again with a fresh budget (operator key)") { only };
        retry.SetAction((parse, ct) => HubCommands.Guard(async () =>
        {
            using var client = new HubClient(HubCommands.Target(parse));
            var (status, body) = await client.PostJsonAsync("api/v1/admin/callbacks/retry", new { initiative = parse.GetValue(only) }, ct);
            if (status != 200)
            {
                Problem(status, body);
                return ExitCodes.Invalid;
            }

            AnsiConsole.MarkupLine($"{body.GetProperty("offered").GetInt32()} opnieuw aangeboden");
            return ExitCodes.Ok;
        }));

        var removed = new Argument<string>("kbo") { Description = "the initiative whose address goes" };
        var remove = new Command("remove", "remove an initiative's callback address and what it was still owed (operator key)") { removed };
        remove.SetAction((parse, ct) => HubCommands.Guard(async () =>
        {
            using var client = new HubClient(HubCommands.Target(parse));
            var (status, body) = await client.SendAsync(HttpMethod.Delete, $"api/v1/admin/initiatives/{Uri.EscapeDataString(parse.GetValue(removed)!)}/callback", null, ct);
            if (status != 204)
            {
                Problem(status, body);
                return ExitCodes.Invalid;
            }

            AnsiConsole.MarkupLine("verwijderd");
            return ExitCodes.Ok;
        }));

        return new Command("callback", "initiatives' callback addresses: set, list, retry, remove") { set, list, retry, remove };
    }

    private static void Problem(int status, JsonElement body)
    {
        var detail = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("detail", out var d) ? d.GetString() : body.ToString();
        var code = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("code", out var c) ? $"{c.GetString()}: " : string.Empty;
        AnsiConsole.MarkupLine($"[red]HTTP {status}: {Markup.Escape(code + detail)}[/]");
    }
}
