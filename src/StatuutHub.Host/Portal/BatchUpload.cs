using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Intake;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Security;
using StatuutHub.Validation;
using StatuutHub.Validation.Batches;
using static StatuutHub.Host.Dashboard.Page;

namespace StatuutHub.Host.Portal;

/// <summary>A CSV or Excel file of attests, one per row, submitted row by row through the same use case as the API, with a report per row:
/// submitted (with a link), already there, or refused with every problem. A file that cannot be read as a whole sends nothing.
/// The hub's cap on request bodies (<c>Kestrel:Limits:MaxRequestBodySize</c>, 1 MiB), on rows (<c>Intake:MaxBatchRows</c>) and on what a
/// workbook unpacks to apply, and an initiative uploads one file at a time (<see cref="UploadSlots"/>).</summary>
public static class BatchUpload
{
    public static void MapBatchUpload(this RouteGroupBuilder pages)
    {
        pages.MapGet("/bestand", (HttpContext http) => Form(new Page(http, l => l["uploadBatch"])).Result());
        pages.MapPost("/bestand", UploadAsync).DisableAntiforgery(); // checked below, with the form read once
    }

    private static Page Form(Page page)
    {
        var l = page.L;
        var form = page.ActionForm("/initiatief/bestand", [], l["upload"])
            .Replace("class=\"inline\"", "id=\"batch-form\" enctype=\"multipart/form-data\"", StringComparison.Ordinal)
            .Replace("<button", $"<div class=\"field\"><label for=\"f-file\">{E(l["file"])}</label><span class=\"hint\" id=\"f-file-hint\">{E(l["batchHelp"])}</span>" +
                "<input id=\"f-file\" name=\"file\" type=\"file\" accept=\".csv,.xlsx\" aria-describedby=\"f-file-hint\" required></div><button", StringComparison.Ordinal);
        return page.Raw(form);
    }

    private static async Task<IResult> UploadAsync(HttpContext http, IAntiforgery antiforgery, AttestIntake intake, IntakeLimits limits, UploadSlots slots, CancellationToken ct)
    {
        var page = new Page(http, l => l["uploadBatch"]);
        var l = page.L;
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var requester = http.Caller().AsRequester();
        using var slot = slots.TryTake(requester.InitiativeKbo ?? string.Empty);
        if (slot is null)
        {
            return Form(page.Raw($"<p class=\"problem\" role=\"alert\" id=\"busy\">{E(l["uploadBusy"])}</p>")).Result(StatusCodes.Status409Conflict);
        }

        var form = await http.Request.ReadFormAsync(ct);
        if (form.Files["file"] is not { Length: > 0 } file)
        {
            return Form(page.Raw($"<p class=\"problem\" role=\"alert\">{E(l.English ? "Choose a file." : "Kies een bestand.")}</p>")).Result(StatusCodes.Status400BadRequest);
        }

        IReadOnlyList<CsvRow> rows;
        try
        {
            await using var content = file.OpenReadStream();
            rows = file.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)
                ? AttestSpreadsheet.Read(content, Path.GetFileName(file.FileName), limits)
                : AttestCsv.Read(content, Path.GetFileName(file.FileName), limits);
        }
        catch (Exception ex) when (ex is InvalidDataException || ex.GetType().Namespace?.StartsWith("CsvHelper", StringComparison.Ordinal) == true)
        {
            return Form(page.Raw($"<p class=\"problem\" role=\"alert\" id=\"unreadable\">{E(ex.Message)}</p>")).Result(StatusCodes.Status400BadRequest);
        }

        var report = new StringBuilder($"<table id=\"batch-report\"><caption>{E(l["batchReport"])}</caption><tr><th scope=\"col\">{E(l["row"])}</th>" +
            $"<th scope=\"col\">{E(l["result"])}</th><th scope=\"col\">{E(l["detail"])}</th></tr>");
        int submitted = 0, refused = 0;
        foreach (var row in rows)
        {
            var (outcome, detail, ok) = await SubmitRowAsync(row, intake, requester, l, ct);
            submitted += ok ? 1 : 0;
            refused += ok ? 0 : 1;
            report.Append(CultureInfo.InvariantCulture, $"<tr data-outcome=\"{(ok ? "ok" : "refused")}\"><th scope=\"row\">{E(row.Name)}</th><td>{E(outcome)}</td><td>{detail}</td></tr>");
        }

        var summary = string.Format(CultureInfo.InvariantCulture, l["batchSummary"], submitted, refused);
        return Form(page.Raw($"<p id=\"batch-summary\" role=\"status\">{E(summary)}</p>{report}</table>")).Result();
    }

    private static async Task<(string Outcome, string DetailHtml, bool Ok)> SubmitRowAsync(CsvRow row, AttestIntake intake, Application.Requester requester, Labels l, CancellationToken ct)
    {
        if (row.Json is null)
        {
            return (l["refused"], E(string.Join("; ", row.Problems)), false);
        }

        var result = await intake.SubmitAsync(IncomingAttest.Document(Encoding.UTF8.GetBytes(row.Json), DocumentFormat.Json), requester, PortalPages.Channel, ct);
        return result switch
        {
            IntakeResult.Accepted accepted => (accepted.Write.Outcome == Storage.Contract.WriteOutcome.AlreadyAccepted ? l["alreadyThere"] : l["submittedOk"],
                $"<a href=\"/initiatief/attesten/{accepted.Write.AttestId}\">{accepted.Write.AttestId}</a>", true),
            IntakeResult.Invalid invalid => (l["refused"], "<ul>" + string.Concat(invalid.Problems.Select(p =>
                $"<li data-code=\"{E(p.Code)}\">{E(AttestRows.CellOf(p.Path) ?? p.Path)}: {E(l.English ? p.MessageEn : p.MessageNl)}</li>")) + "</ul>", false),
            IntakeResult.Refused r => (l["refused"], $"<span data-code=\"{E(r.Refusal.Code)}\">{E(l.English ? r.Refusal.MessageEn : r.Refusal.MessageNl)}</span>", false),
            _ => throw new InvalidOperationException("unknown intake result"),
        };
    }
}

/// <summary>One batch upload at a time per initiative: a second file while the first is being submitted is refused, so two files
/// cannot race each other for the same participants and a busy initiative cannot hold twice the memory. Kept per hub process.</summary>
public sealed class UploadSlots
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _busy = new(StringComparer.Ordinal);

    /// <summary>The initiative's slot, to dispose when its upload ends; null while another upload of it runs.</summary>
    public IDisposable? TryTake(string initiative) => _busy.TryAdd(initiative, 0) ? new Slot(this, initiative) : null;

    private sealed class Slot(UploadSlots slots, string initiative) : IDisposable
    {
        public void Dispose() => slots._busy.TryRemove(initiative, out _);
    }
}
