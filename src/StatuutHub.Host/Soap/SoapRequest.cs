using System.Xml;
using System.Xml.Linq;
using StatuutHub.Host.Intake;
using StatuutHub.Validation;
using StatuutHub.Validation.Problems;
using StatuutHub.Validation.Xml;

namespace StatuutHub.Host.Soap;

/// <summary>One SOAP call read from an HTTP request: the SOAP version (from the Content-Type), the contract
/// (v1 or v2, from the operation's namespace), the operation and its element. The envelope is parsed once, with
/// DTDs prohibited, no resolver and the intake's size and depth caps; anything that is not a call this endpoint
/// serves comes back as a fault to answer.</summary>
public sealed record SoapRequest(SoapEnvelope Soap, XNamespace Tns, string Operation, XElement Body)
{
    /// <summary>True for the contract v2 (the v2 attest, warnings in the answers).</summary>
    public bool IsV2 => Tns == SoapEnvelope.TnsV2;

    /// <summary>The namespace of the attest element this contract carries.</summary>
    public XNamespace AttestNs => IsV2 ? AttestValidator.XmlNamespaceV2 : AttestValidator.XmlNamespace;

    /// <summary>The operations of the WSDL, by the local name of their request element.</summary>
    public static readonly string[] Operations = ["SubmitAttestRequest", "AmendAttestRequest", "CancelAttestRequest", "GetAttestStatusRequest"];

    /// <summary>The call, or the fault to answer (in the request's SOAP version).</summary>
    public static async Task<(SoapRequest? Call, SoapFault? Fault)> ReadAsync(HttpRequest request, IntakeLimits limits, XNamespace pathContract, CancellationToken ct)
    {
        // Until the operation names its contract, faults speak the contract of the path called.
        (SoapRequest?, SoapFault?) Fault(SoapEnvelope soap, string code, string nl, string en) => (null, SoapFault.Single(soap, pathContract, code, nl, en));

        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var soap = mediaType == "application/soap+xml" ? SoapEnvelope.V12 : SoapEnvelope.V11;
        if (mediaType is not ("text/xml" or "application/soap+xml"))
        {
            return Fault(soap, "UNSUPPORTED_MEDIA_TYPE", "Stuur SOAP 1.1 als text/xml of SOAP 1.2 als application/soap+xml.", "Send SOAP 1.1 as text/xml or SOAP 1.2 as application/soap+xml.");
        }

        var (body, tooLarge) = await RequestBody.ReadCappedAsync(request, limits, ct);
        if (tooLarge)
        {
            return Fault(soap, ProblemCodes.DocumentTooLarge, $"Het bericht is groter dan {limits.MaxDocumentBytes} bytes.", $"The message is larger than {limits.MaxDocumentBytes} bytes.");
        }

        XElement envelope;
        try
        {
            envelope = SafeXml.Load(body, limits, out var tooDeep).Root!;
            if (tooDeep)
            {
                return Fault(soap, ProblemCodes.MalformedXml, $"Het bericht is dieper genest dan {limits.MaxXmlDepth} niveaus.", $"The message is nested deeper than {limits.MaxXmlDepth} levels.");
            }
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return Fault(soap, ProblemCodes.XmlDtdProhibited, "Een DTD (DOCTYPE) is niet toegelaten; entiteiten worden niet verwerkt.", "A DTD (DOCTYPE) is not allowed; entities are never expanded.");
        }
        catch (XmlException ex)
        {
            return Fault(soap, ProblemCodes.MalformedXml, "Het bericht is geen geldige XML.", $"The message is not well-formed XML: {ex.Message}");
        }

        if (envelope.Name != soap.Version + "Envelope" || envelope.Element(soap.Version + "Body") is not { } soapBody)
        {
            return Fault(soap, "SOAP_VERSION_MISMATCH", "Geen SOAP-envelop van de versie die het Content-Type aankondigt.", "Not a SOAP envelope of the version the Content-Type announces.");
        }

        // A header block the sender marks mustUnderstand is one this endpoint does not implement: SOAP says refuse.
        if (envelope.Element(soap.Version + "Header")?.Elements().FirstOrDefault(h => (string?)h.Attribute(soap.Version + "mustUnderstand") is "1" or "true") is { } header)
        {
            return Fault(soap, "MUST_UNDERSTAND", $"De header {header.Name.LocalName} wordt niet ondersteund.", $"The header {header.Name.LocalName} is not understood.");
        }

        var operation = soapBody.Elements().FirstOrDefault();
        var tns = operation?.Name.Namespace;
        var name = tns == SoapEnvelope.Tns || tns == SoapEnvelope.TnsV2 ? operation!.Name.LocalName : null;
        if (operation is null || name is null || !Operations.Contains(name))
        {
            return Fault(soap, "UNKNOWN_OPERATION", "Onbekende operatie; zie de WSDL.", "Unknown operation; see the WSDL.");
        }

        var expectedAction = $"{tns!.NamespaceName}/{name[..^"Request".Length]}";
        var action = ActionOf(request, soap);
        if (!string.IsNullOrEmpty(action) && action != expectedAction)
        {
            return Fault(soap, "SOAP_ACTION_MISMATCH", $"SOAPAction '{action}' past niet bij de inhoud ({expectedAction}).", $"SOAPAction '{action}' does not match the body ({expectedAction}).");
        }

        return (new SoapRequest(soap, tns, name, operation), null);
    }

    /// <summary>The operation's attestId element, when it is a UUID.</summary>
    public bool TryAttestId(out Guid id) => Guid.TryParseExact(Body.Element(Tns + "attestId")?.Value, "D", out id);

    /// <summary>SOAP 1.1: the SOAPAction header; SOAP 1.2: the action parameter of the Content-Type.</summary>
    private static string? ActionOf(HttpRequest request, SoapEnvelope soap)
    {
        if (soap == SoapEnvelope.V11)
        {
            return request.Headers["SOAPAction"].ToString().Trim('"');
        }

        var action = request.ContentType?.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("action=", StringComparison.OrdinalIgnoreCase));
        return action?["action=".Length..].Trim('"');
    }

}
