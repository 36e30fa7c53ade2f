using FluentValidation;
using FluentValidation.Results;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Validation.Documents;

namespace StatuutHub.Validation.Rules;

/// <summary>How the business rules word a problem or a warning: field path, stable code, Dutch (kept in the
/// failure's state) and English; the identifier messages every identifier rule shares.</summary>
internal static class RuleFailures
{
    /// <summary>A problem that refuses the attest.</summary>
    public static void Fail(ValidationContext<AttestDocument> ctx, string path, string code, string nl, string en) =>
        ctx.AddFailure(new ValidationFailure(path, en) { ErrorCode = code, CustomState = nl });

    /// <summary>A warning: the attest is accepted, and the answer and its status say what is at risk.</summary>
    public static void Warn(ValidationContext<AttestDocument> ctx, string path, string code, string nl, string en) =>
        ctx.AddFailure(new ValidationFailure(path, en) { ErrorCode = code, CustomState = nl, Severity = Severity.Warning });

    public static string IdentifierCode(IdentifierError error, string format, string checksum, string range) => error switch
    {
        IdentifierError.Checksum => checksum,
        IdentifierError.Range => range,
        _ => format,
    };

    public static string IdentifierMessageNl(IdentifierError error, string what, string shown, string form) => error switch
    {
        IdentifierError.Checksum => $"Het {what} '{shown}' heeft een foutief controlegetal.",
        IdentifierError.Range => $"Het {what} '{shown}' bestaat niet ({form}).",
        _ => $"Het {what} '{shown}' heeft niet de juiste vorm ({form}).",
    };

    public static string IdentifierMessageEn(IdentifierError error, string what, string shown, string form) => error switch
    {
        IdentifierError.Checksum => $"The {what} '{shown}' has wrong check digits.",
        IdentifierError.Range => $"The {what} '{shown}' cannot exist ({form}).",
        _ => $"The {what} '{shown}' is not well formed ({form}).",
    };
}
