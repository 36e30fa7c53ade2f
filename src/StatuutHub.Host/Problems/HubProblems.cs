using Microsoft.AspNetCore.Mvc;
using StatuutHub.Application.Intake;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Host.Problems;

/// <summary>RFC 9457 problem details with the hub's field-located <c>errors[]</c> list.</summary>
public static class HubProblems
{
    /// <summary>400 with every validation problem.</summary>
    public static IResult Invalid(IReadOnlyList<ValidationProblem> problems) => Results.Problem(InvalidDocument(problems));

    /// <summary>The 400 document with every validation problem (answered over HTTP, or on a reply queue).</summary>
    public static ProblemDetails InvalidDocument(IReadOnlyList<ValidationProblem> problems) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "Het attest is niet geldig / The attest is not valid",
        Detail = $"{problems.Count} probleem/problemen gevonden; zie errors[].",
        Type = "https://statuuthub.be/problems/validation",
        Extensions = { ["errors"] = problems.Select(Error).ToArray() },
    };

    /// <summary>A problem with one stable code (409, 404, 413, 415, ...).</summary>
    public static IResult Single(int status, string code, string messageNl, string messageEn, IDictionary<string, object?>? more = null) =>
        Results.Problem(SingleDocument(status, code, messageNl, messageEn, more));

    /// <summary>The document of a problem with one stable code.</summary>
    public static ProblemDetails SingleDocument(int status, string code, string messageNl, string messageEn, IDictionary<string, object?>? more = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = messageEn,
            Detail = messageNl,
            Type = $"https://statuuthub.be/problems/{code.ToLowerInvariant().Replace('_', '-')}",
            Extensions =
            {
                ["code"] = code,
                ["errors"] = new[] { new { path = string.Empty, code, message = messageNl, messageEn } },
            },
        };
        foreach (var (key, value) in more ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    /// <summary>The document of a use case's refusal.</summary>
    public static ProblemDetails RefusedDocument(Refusal refusal) => SingleDocument(StatusOf(refusal.Kind), refusal.Code, refusal.MessageNl, refusal.MessageEn,
        refusal.ConflictingAttestId is null ? null : new Dictionary<string, object?> { ["conflictingAttestId"] = refusal.ConflictingAttestId });

    /// <summary>A use case's refusal as problem details; an overlap names the other attest (when the caller may know it).</summary>
    public static IResult Refused(Refusal refusal) => Results.Problem(RefusedDocument(refusal));

    /// <summary>The HTTP status of a kind of refusal.</summary>
    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.BadRequest => StatusCodes.Status400BadRequest,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        _ => StatusCodes.Status409Conflict,
    };

    private static object Error(ValidationProblem p) => new { path = p.Path, code = p.Code, message = p.MessageNl, messageEn = p.MessageEn };
}
