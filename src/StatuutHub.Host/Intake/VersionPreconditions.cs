using StatuutHub.Application.Intake;
using StatuutHub.Host.Problems;
using StatuutHub.Validation;

namespace StatuutHub.Host.Intake;

/// <summary>Safe amendments: an attest's status carries its version as a strong <c>ETag</c> (<c>"v3"</c>); a PUT or cancel with
/// <c>If-Match</c> changes the attest only if that is still its current version (checked inside the store's transaction), else
/// 412 <c>STALE_VERSION</c>. <c>If-Match: *</c> matches any version. Without <c>If-Match</c> the change goes through, unless
/// <c>Intake:RequireIfMatch</c> is on: then 428 <c>IF_MATCH_REQUIRED</c>.</summary>
public static class VersionPreconditions
{
    /// <summary>The entity tag of a version.</summary>
    public static string ETagOf(int version) => $"\"v{version}\"";

    /// <summary>The version the caller expects (null: any), or the problem to answer instead.</summary>
    public static (int? Expected, IResult? Problem) Read(HttpRequest request, IntakeLimits limits)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return limits.RequireIfMatch
                ? (null, HubProblems.Single(StatusCodes.Status428PreconditionRequired, "IF_MATCH_REQUIRED",
                    "Stuur de ETag van de status die u las mee in If-Match, zodat u geen wijziging van iemand anders overschrijft.",
                    "Send the ETag of the status you read in If-Match, so you do not overwrite someone else's change."))
                : (null, null);
        }

        if (header == "*")
        {
            return (null, null);
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 3 && tag[0] == '"' && tag[1] == 'v' && tag[^1] == '"' && int.TryParse(tag[2..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? (version, null)
            : (null, HubProblems.Single(StatusCodes.Status412PreconditionFailed, AttestChanges.StaleVersion,
                "If-Match noemt geen versie van dit attest; lees de status opnieuw.", "If-Match names no version of this attest; read its status again."));
    }
}
