using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Intake;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Security;
using StatuutHub.Validation;
using StatuutHub.Validation.Batches;
using StatuutHub.Host.Portal.Razor;

namespace StatuutHub.Host.Portal;

/// <summary>A CSV or Excel file of attests, one per row, submitted row by row through the same use case as the API, with a report per row:
/// submitted (with a link), already there, or refused with every problem. A file that cannot be read as a whole sends nothing.
/// The hub's cap on request bodies (<c>Kestrel:Limits:MaxRequestBodySize</c>, 1 MiB), on rows (<c>Intake:MaxBatchRows</c>) and on what a
/// workbook unpacks to apply, and an initiative uploads one file at a time (<see cref="UploadSlots"/>).</summary>
public static class BatchUpload
{
    public static void MapBatchUpload(this RouteGroupBuilder pages)
    {
        pages.MapGet("/bestand", (HttpContext http) => View(new Page(http, l => l["uploadBatch"])).Result());
        pages.MapPost("/bestand", UploadAsync).DisableAntiforgery(); // checked below, with the form read once
    }

    private static Page View(Page page, string? problem = null, string? problemId = null, IReadOnlyList<BatchRowReport>? report = null) =>
        page.Component<BatchUploadView>(new Dictionary<string, object?>
        {
            [nameof(BatchUploadView.L)] = page.L,
            [nameof(BatchUploadView.Problem)] = problem,
            [nameof(BatchUploadView.ProblemId)] = problemId,
            [nameof(BatchUploadView.Report)] = report,
        });

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
            return View(page, l["uploadBusy"], "busy").Result(StatusCodes.Status409Conflict);
        }

        var form = await http.Request.ReadFormAsync(ct);
        if (form.Files["file"] is not { Length: > 0 } file)
        {
            return View(page, l.English ? "Choose a file." : "Kies een bestand.").Result(StatusCodes.Status400BadRequest);
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
            return View(page, ex.Message, "unreadable").Result(StatusCodes.Status400BadRequest);
        }

        var report = new List<BatchRowReport>(rows.Count);
        foreach (var row in rows)
        {
            report.Add(await SubmitRowAsync(row, intake, requester, l, ct));
        }

        return View(page, report: report).Result();
    }

    private static async Task<BatchRowReport> SubmitRowAsync(CsvRow row, AttestIntake intake, Application.Requester requester, Labels l, CancellationToken ct)
    {
        if (row.Json is null)
        {
            return new BatchRowReport(row.Name, false, l["refused"]) { Text = string.Join("; ", row.Problems) };
        }

        var result = await intake.SubmitAsync(IncomingAttest.Document(Encoding.UTF8.GetBytes(row.Json), DocumentFormat.Json), requester, PortalPages.Channel, ct);
        return result switch
        {
            IntakeResult.Accepted accepted => new BatchRowReport(row.Name, true,
                accepted.Write.Outcome == Storage.Contract.WriteOutcome.AlreadyAccepted ? l["alreadyThere"] : l["submittedOk"]) { AttestId = accepted.Write.AttestId },
            IntakeResult.Invalid invalid => new BatchRowReport(row.Name, false, l["refused"])
            {
                Problems = [.. invalid.Problems.Select(p => new BatchRowProblem(p.Code, AttestRows.CellOf(p.Path) ?? p.Path, l.English ? p.MessageEn : p.MessageNl))],
            },
            IntakeResult.Refused r => new BatchRowReport(row.Name, false, l["refused"]) { RefusalCode = r.Refusal.Code, Text = l.English ? r.Refusal.MessageEn : r.Refusal.MessageNl },
            _ => throw new InvalidOperationException("unknown intake result"),
        };
    }
}

/// <summary>What became of one row of an uploaded file: submitted (<see cref="AttestId"/>), invalid (<see cref="Problems"/>), refused
/// (<see cref="RefusalCode"/> and its text), or unreadable (<see cref="Text"/>).</summary>
public sealed record BatchRowReport(string Row, bool Ok, string Outcome)
{
    public Guid? AttestId { get; init; }

    public IReadOnlyList<BatchRowProblem>? Problems { get; init; }

    public string? RefusalCode { get; init; }

    public string? Text { get; init; }
}

/// <summary>One problem of an invalid row: its code, the cell (or path) and the message.</summary>
public sealed record BatchRowProblem(string Code, string Where, string Message);

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
