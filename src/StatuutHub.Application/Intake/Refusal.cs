namespace StatuutHub.Application.Intake;

/// <summary>Why a use case said no, with a stable code and messages in Dutch and English; the edges
/// translate <see cref="Kind"/> into an HTTP status or a SOAP fault.</summary>
public sealed record Refusal(RefusalKind Kind, string Code, string MessageNl, string MessageEn, Guid? ConflictingAttestId = null);

/// <summary>The kinds of refusal (each edge maps them: 400, 403, 404, 409).</summary>
public enum RefusalKind
{
    /// <summary>The request contradicts itself.</summary>
    BadRequest,

    /// <summary>The caller may not do this.</summary>
    Forbidden,

    /// <summary>No such attest, or not the caller's.</summary>
    NotFound,

    /// <summary>The attest's state does not allow it.</summary>
    Conflict,

    /// <summary>The caller changed a version of the attest that is no longer the current one (If-Match).</summary>
    PreconditionFailed,
}
