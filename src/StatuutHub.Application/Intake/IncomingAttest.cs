using System.Xml.Linq;
using StatuutHub.Validation;

namespace StatuutHub.Application.Intake;

/// <summary>An attest as it arrives, not yet trusted: a raw JSON or XML document (REST, CLI, queues), or the
/// attest element of an envelope that was already read safely (SOAP). Each is validated exactly once.</summary>
public abstract record IncomingAttest
{
    private IncomingAttest()
    {
    }

    /// <summary>A whole document in the given format.</summary>
    public static IncomingAttest Document(ReadOnlyMemory<byte> body, DocumentFormat format) => new RawDocument(body, format);

    /// <summary>The attest element inside an envelope.</summary>
    public static IncomingAttest Element(XElement attest) => new EnvelopedElement(attest);

    /// <summary>Validates against the schema and the business rules (an amendment that keeps its accepted start skips the late-start window).</summary>
    public abstract AttestValidationResult ValidateWith(AttestValidator validator, bool startAlreadyAccepted = false);

    private sealed record RawDocument(ReadOnlyMemory<byte> Body, DocumentFormat Format) : IncomingAttest
    {
        public override AttestValidationResult ValidateWith(AttestValidator validator, bool startAlreadyAccepted = false) => validator.Validate(Body, Format, startAlreadyAccepted);
    }

    private sealed record EnvelopedElement(XElement Attest) : IncomingAttest
    {
        public override AttestValidationResult ValidateWith(AttestValidator validator, bool startAlreadyAccepted = false) => validator.Validate(Attest, startAlreadyAccepted);
    }
}
