using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Intake;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Receipts;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation;
using StatuutHub.Validation.Batches;
using StatuutHub.Validation.Problems;
using static StatuutHub.Host.Dashboard.Page;

namespace StatuutHub.Host.Portal;

/// <summary>The pages of a small initiative without IT staff (<c>/initiatief</c>), signed in as a person of the initiative: its own
/// attests, one attest filled in on a form, a CSV or Excel file with a report per row, and the printable proof of recognition.
/// Every submission goes through the same use case as the API (<see cref="AttestIntake"/>), as the initiative itself.</summary>
public static class PortalPages
{
    /// <summary>The channel the audit trail names for these submissions.</summary>
    public const string Channel = "web";

    public static void MapPortal(this IEndpointRouteBuilder app)
    {
        app.MapGet("/initiatief", ListAsync).RequireAuthorization(HubPolicies.Portal).ExcludeFromDescription();
        var pages = app.MapGroup("/initiatief").RequireAuthorization(HubPolicies.Portal).ExcludeFromDescription();
        pages.MapGet("/nieuw", (HttpContext http) => FormPage(http, new Dictionary<string, string> { ["attestId"] = Guid.NewGuid().ToString("D") }, []));
        pages.MapPost("/nieuw", SubmitAsync);
        pages.MapGet("/attesten/{attestId:guid}", AttestAsync);
        pages.MapBatchUpload();
        pages.MapReceiptPage();
    }

    private static async Task<IResult> ListAsync(HttpContext http, IAttestStore store, TimeProvider time, CancellationToken ct)
    {
        var page = new Page(http, l => l["myAttests"]);
        var l = page.L;
        var kbo = http.Caller().Name;
        // The initiative's own attests from its change feed, the last changed 200 (a small initiative's whole list), newest first.
        var latest = new Queue<AttestChangeEntry>();
        ChangePage changes;
        long after = 0;
        do
        {
            changes = await store.ReadChangesAsync(new ChangeQuery(kbo, after, null, time.GetUtcNow(), ChangeFeed.MaxLimit), ct);
            foreach (var item in changes.Items)
            {
                latest.Enqueue(item);
                if (latest.Count > 200)
                {
                    latest.Dequeue();
                }
            }

            after = changes.Next;
        }
        while (changes.More);
        if (latest.Count == 0)
        {
            return page.Raw($"<p>{E(l["noAttests"])}</p><p><a href=\"/initiatief/nieuw\">{E(l["newAttest"])}</a></p>").Result();
        }

        var table = new StringBuilder($"<table id=\"my-attests\"><caption>{E(l["myAttestsCaption"])}</caption><tr><th scope=\"col\">{E(l["attest"])}</th>" +
            $"<th scope=\"col\">{E(l["version"])}</th><th scope=\"col\">{E(l["status"])}</th><th scope=\"col\">{E(l["when"])}</th></tr>");
        foreach (var item in latest.Reverse())
        {
            table.Append(CultureInfo.InvariantCulture, $"<tr data-status=\"{item.Status}\"><td><a href=\"/initiatief/attesten/{item.AttestId}\">{item.AttestId}</a></td>" +
                $"<td>{item.Version}</td><td>{E(l.Of(item.Status))}</td><td>{DashboardPages.When(item.ChangedAt)}</td></tr>");
        }

        return page.Raw(table.Append("</table>").ToString()).Result();
    }

    private static IResult FormPage(HttpContext http, IReadOnlyDictionary<string, string> values, IReadOnlyList<ValidationProblem> problems, int status = StatusCodes.Status200OK)
    {
        var page = new Page(http, l => l["newAttest"]);
        var form = page.ActionForm("/initiatief/nieuw", [("attestId", values.GetValueOrDefault("attestId") ?? Guid.NewGuid().ToString("D"))], page.L["submit"]);
        return page.Raw(AttestForm.Render(page, form, values, problems)).Result(status);
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, IAntiforgery antiforgery, AttestIntake intake, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest();
        }

        var form = await http.Request.ReadFormAsync(ct);
        var values = form.Keys.Where(k => !k.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(k => k, k => string.Join(';', form[k].Select(v => v?.Trim()).Where(v => !string.IsNullOrEmpty(v))), StringComparer.Ordinal);
        // The initiative is the one signed in: a person cannot submit for another.
        values["kbo"] = http.Caller().Name;
        var row = AttestRows.ReadRow("formulier", cell => values.TryGetValue(cell, out var v) && v.Length > 0 ? v : null);
        if (row.Json is null)
        {
            return FormPage(http, values, [.. row.Problems.Select(p => new ValidationProblem(p.Split(':')[0], "NOT_A_NUMBER", p, p))], StatusCodes.Status400BadRequest);
        }

        var result = await intake.SubmitAsync(IncomingAttest.Document(Encoding.UTF8.GetBytes(row.Json), DocumentFormat.Json), http.Caller().AsRequester(), Channel, ct);
        return result switch
        {
            IntakeResult.Accepted accepted => Results.Redirect($"/initiatief/attesten/{accepted.Write.AttestId}?ingediend=1"),
            IntakeResult.Invalid invalid => FormPage(http, values, invalid.Problems, StatusCodes.Status400BadRequest),
            IntakeResult.Refused refused => FormPage(http, values, [new ValidationProblem(ValidationProblem.DocumentPath, refused.Refusal.Code, refused.Refusal.MessageNl, refused.Refusal.MessageEn)],
                StatusCodes.Status409Conflict),
            _ => throw new InvalidOperationException("unknown intake result"),
        };
    }

    private static async Task<IResult> AttestAsync(HttpContext http, Guid attestId, string? ingediend, AttestIntake intake, CancellationToken ct)
    {
        var view = await intake.FindAsync(attestId, http.Caller().AsRequester(), ct);
        var page = new Page(http, l => $"{l["attest"]} {attestId}");
        var l = page.L;
        if (view is null)
        {
            return page.Raw($"<p>{E(l["notFound"])}</p>").Result(StatusCodes.Status404NotFound);
        }

        if (ingediend is not null)
        {
            page.Raw($"<p id=\"accepted\" role=\"status\">{E(l["accepted"])}</p>");
        }

        var a = view.Content;
        page.Raw($"""
            <table id="summary"><caption>{E(l["attest"])}</caption>
            <tr><th scope="row">{E(l["status"])}</th><td id="status" data-status="{view.Status}">{E(l.Of(view.Status))}</td></tr>
            <tr><th scope="row">{E(l["version"])}</th><td>{view.Version}</td></tr>
            <tr><th scope="row">{E(l["participant"])}</th><td>{E(a.Participant.FamilyName)} {E(a.Participant.GivenName)} — INSZ {E(a.Participant.Insz.Masked)}</td></tr>
            <tr><th scope="row">{E(l["period"])}</th><td>{a.Activity.StartDate:yyyy-MM-dd} – {(a.Activity.EndDate is { } end ? end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : E(l["openEnded"]))}</td></tr>
            </table>
            """);
        var bodies = new StringBuilder($"<table id=\"bodies\"><caption>{E(l["deliveries"])}</caption><tr><th scope=\"col\">{E(l["destination"])}</th>" +
            $"<th scope=\"col\">{E(l["state"])}</th><th scope=\"col\">{E(l["reference"])}</th><th scope=\"col\">{E(l["reason"])}</th></tr>");
        foreach (var d in view.Deliveries.Where(d => d.Version == view.Version))
        {
            bodies.Append(CultureInfo.InvariantCulture, $"<tr data-state=\"{d.State}\"><td>{E(d.Destination)}</td><td>{E(l.Of(d.State))}</td><td>{E(d.Reference)}</td><td>{E(d.ReasonCode)}</td></tr>");
        }

        page.Raw(bodies.Append("</table>").ToString());
        page.Raw(view.Status == AttestStatus.Recognised
            ? $"<p><a id=\"receipt\" href=\"/initiatief/attesten/{attestId}/bewijs\">{E(l["receipt"])}</a> · <a href=\"/initiatief/attesten/{attestId}/bewijs?kopie=deelnemer\">{E(l["receiptParticipantCopy"])}</a></p>"
            : $"<p>{E(l["notYetRecognised"])}</p>");
        return page.Result();
    }
}
