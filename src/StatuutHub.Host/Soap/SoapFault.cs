using System.Xml.Linq;
using StatuutHub.Application.Intake;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Host.Soap;

/// <summary>A SOAP fault to answer: one mapping for every refusal, so a fault carries the same code and
/// field-located problems as the REST problem details. Faults travel as HTTP 500, as WCF clients expect.</summary>
public sealed record SoapFault(SoapEnvelope Soap, XNamespace Tns, string Code, string ReasonNl, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>A fault with one problem at the document level, in the contract namespace <paramref name="tns"/>.</summary>
    public static SoapFault Single(SoapEnvelope soap, XNamespace tns, string code, string nl, string en) =>
        new(soap, tns, code, nl, [new ValidationProblem(ValidationProblem.DocumentPath, code, nl, en)]);

    /// <summary>A use case's refusal.</summary>
    public static SoapFault From(SoapRequest call, Refusal refusal) => Single(call.Soap, call.Tns, refusal.Code, refusal.MessageNl, refusal.MessageEn);

    /// <summary>An invalid attest, with every problem.</summary>
    public static SoapFault Invalid(SoapRequest call, IReadOnlyList<ValidationProblem> problems) =>
        new(call.Soap, call.Tns, "VALIDATION_FAILED", $"Het attest is niet geldig: {problems.Count} probleem/problemen.", problems);

    /// <summary>Writes the fault envelope.</summary>
    public Task WriteAsync(HttpContext http) => SoapIntake.WriteAsync(http, Soap, StatusCodes.Status500InternalServerError, Soap.Fault(true, Code, ReasonNl, Problems, Tns));
}
