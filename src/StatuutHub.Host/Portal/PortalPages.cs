using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using StatuutHub.Application.Intake;
using StatuutHub.Host.Dashboard;
using StatuutHub.Host.Receipts;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation;
using StatuutHub.Validation.Batches;
using StatuutHub.Validation.Problems;
using StatuutHub.Host.Portal.Razor;

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
        return page.Component<MyAttestsView>(new Dictionary<string, object?>
        {
            [nameof(MyAttestsView.L)] = page.L,
            [nameof(MyAttestsView.Attests)] = latest.Reverse().ToList(),
        }).Result();
    }

    private static IResult FormPage(HttpContext http, IReadOnlyDictionary<string, string> values, IReadOnlyList<ValidationProblem> problems, int status = StatusCodes.Status200OK)
    {
        var page = new Page(http, l => l["newAttest"]);
        return page.Component<AttestFormView>(new Dictionary<string, object?>
        {
            [nameof(AttestFormView.L)] = page.L,
            [nameof(AttestFormView.AttestId)] = values.GetValueOrDefault("attestId") ?? Guid.NewGuid().ToString("D"),
            [nameof(AttestFormView.Values)] = values,
            [nameof(AttestFormView.Problems)] = problems,
        }).Result(status);
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
        return view is null
            ? page.Message(page.L["notFound"], StatusCodes.Status404NotFound)
            : page.Component<PortalAttestView>(new Dictionary<string, object?>
            {
                [nameof(PortalAttestView.L)] = page.L,
                [nameof(PortalAttestView.View)] = view,
                [nameof(PortalAttestView.Submitted)] = ingediend is not null,
            }).Result();
    }
}
