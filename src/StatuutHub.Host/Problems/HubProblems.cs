using StatuutHub.Application.Intake;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Host.Problems;

/// <summary>RFC 9457 problem details with the hub's field-located <c>errors[]</c> list.</summary>
public static class HubProblems
{
    /// <summary>400 with every validation problem.</summary>
    public static IResult Invalid(IReadOnlyList<ValidationProblem> problems) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Het attest is niet geldig / The attest is not valid",
        detail: $"{problems.Count} probleem/problemen gevonden; zie errors[].",
        type: "https://statuuthub.be/problems/validation",
        extensions: new Dictionary<string, object?> { ["errors"] = problems.Select(Error).ToArray() });

    /// <summary>A problem with one stable code (409, 404, 413, 415, ...).</summary>
    public static IResult Single(int status, string code, string messageNl, string messageEn, IDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["code"] = code,
            ["errors"] = new[] { new { path = string.Empty, code, message = messageNl, messageEn } },
        };
        foreach (var (key, value) in more ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }

        return Results.Problem(statusCode: status, title: messageEn, detail: messageNl, type: $"https://statuuthub.be/problems/{code.ToLowerInvariant().Replace('_', '-')}", extensions: extensions);
    }

    /// <summary>A use case's refusal as problem details; an overlap names the other attest (when the caller may know it).</summary>
    public static IResult Refused(Refusal refusal) => Single(StatusOf(refusal.Kind), refusal.Code, refusal.MessageNl, refusal.MessageEn,
        refusal.ConflictingAttestId is null ? null : new Dictionary<string, object?> { ["conflictingAttestId"] = refusal.ConflictingAttestId });

    /// <summary>The HTTP status of a kind of refusal.</summary>
    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.BadRequest => StatusCodes.Status400BadRequest,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status409Conflict,
    };

    private static object Error(ValidationProblem p) => new { path = p.Path, code = p.Code, message = p.MessageNl, messageEn = p.MessageEn };
}
