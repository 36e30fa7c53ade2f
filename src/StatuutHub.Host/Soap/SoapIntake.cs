using System.Reflection;
using System.Xml;
using System.Xml.Linq;
using StatuutHub.Delivery.Dispatch;
using StatuutHub.Delivery.Telemetry;
using StatuutHub.Domain.Attests;
using StatuutHub.Host.Intake;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation;
using StatuutHub.Validation.Problems;
using StatuutHub.Validation.Xml;

namespace StatuutHub.Host.Soap;

/// <summary><c>/soap/attest</c>: the SOAP intake (SOAP 1.1 and 1.2, document/literal), contract-first
/// from schemas/soap/attest-service-v1.wsdl, on the same validator and store as REST. The raw envelope
/// is read safely and the attest element is validated against the XSD before anything is deserialised.</summary>
/// <remarks>Hand-written rather than SoapCore: SoapCore is code-first (it derives the WSDL from .NET
/// types and deserialises the body into them before our code runs), the reverse of what this
/// endpoint needs: the published WSDL is the truth and the raw XML is checked first.</remarks>
public static class SoapIntake
{
    public const string Path = "/soap/attest";
    private const string ActionPrefix = "urn:be:statuuthub:soap:v1/";
    private static readonly XNamespace AttestNs = AttestValidator.XmlNamespace;
    private static readonly string Wsdl = ReadWsdl();

    public static void MapSoapIntake(this IEndpointRouteBuilder app)
    {
        // The contract is public; the operations are for initiatives (same keys or certificates as REST).
        app.MapGet(Path, ServeContract).AllowAnonymous();
        app.MapPost(Path, HandleAsync).RequireAuthorization(HubPolicies.Initiative);
    }

    /// <summary><c>?wsdl</c>: the WSDL with this host's address; <c>?xsd=attest-v1.xsd</c>: the imported attest schema.</summary>
    private static IResult ServeContract(HttpRequest request)
    {
        var endpoint = $"{request.Scheme}://{request.Host}{request.PathBase}{Path}";
        if (request.Query.ContainsKey("wsdl"))
        {
            var wsdl = Wsdl
                .Replace("http://127.0.0.1:5080/soap/attest", endpoint, StringComparison.Ordinal)
                .Replace("schemaLocation=\"attest-v1.xsd\"", $"schemaLocation=\"{endpoint}?xsd=attest-v1.xsd\"", StringComparison.Ordinal);
            return Results.Text(wsdl, "text/xml; charset=utf-8");
        }

        if (request.Query["xsd"] == "attest-v1.xsd")
        {
            return Results.Text(AttestValidator.AttestXsd, "text/xml; charset=utf-8");
        }

        return Results.Text($"SOAP endpoint. Contract: {endpoint}?wsdl", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task HandleAsync(HttpContext http, AttestValidator validator, IntakeLimits limits, IHubStore store, DispatchSignal signal, TimeProvider time, HubMetrics metrics, CancellationToken ct)
    {
        var request = http.Request;
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var soap = mediaType == "application/soap+xml" ? SoapEnvelope.V12 : SoapEnvelope.V11;
        if (mediaType is not ("text/xml" or "application/soap+xml"))
        {
            await FaultAsync(http, soap, "UNSUPPORTED_MEDIA_TYPE", "Stuur SOAP 1.1 als text/xml of SOAP 1.2 als application/soap+xml.", "Send SOAP 1.1 as text/xml or SOAP 1.2 as application/soap+xml.");
            return;
        }

        var (body, tooLarge) = await RequestBody.ReadCappedAsync(request, limits, ct);
        if (tooLarge)
        {
            await FaultAsync(http, soap, ProblemCodes.DocumentTooLarge, $"Het bericht is groter dan {limits.MaxDocumentBytes} bytes.", $"The message is larger than {limits.MaxDocumentBytes} bytes.");
            return;
        }

        XElement envelope;
        try
        {
            if (SafeXml.IsTooDeep(body, limits))
            {
                await FaultAsync(http, soap, ProblemCodes.MalformedXml, $"Het bericht is dieper genest dan {limits.MaxXmlDepth} niveaus.", $"The message is nested deeper than {limits.MaxXmlDepth} levels.");
                return;
            }

            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, SafeXml.ReaderSettings(limits));
            envelope = XDocument.Load(reader).Root!;
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            await FaultAsync(http, soap, ProblemCodes.XmlDtdProhibited, "Een DTD (DOCTYPE) is niet toegelaten; entiteiten worden niet verwerkt.", "A DTD (DOCTYPE) is not allowed; entities are never expanded.");
            return;
        }
        catch (XmlException ex)
        {
            await FaultAsync(http, soap, ProblemCodes.MalformedXml, "Het bericht is geen geldige XML.", $"The message is not well-formed XML: {ex.Message}");
            return;
        }

        if (envelope.Name != soap.Version + "Envelope" || envelope.Element(soap.Version + "Body") is not { } soapBody)
        {
            await FaultAsync(http, soap, "SOAP_VERSION_MISMATCH", "Geen SOAP-envelop van de versie die het Content-Type aankondigt.", "Not a SOAP envelope of the version the Content-Type announces.");
            return;
        }

        // A header block the sender marks mustUnderstand is one this endpoint does not implement: SOAP says refuse.
        if (envelope.Element(soap.Version + "Header")?.Elements().FirstOrDefault(h => (string?)h.Attribute(soap.Version + "mustUnderstand") is "1" or "true") is { } header)
        {
            await FaultAsync(http, soap, "MUST_UNDERSTAND", $"De header {header.Name.LocalName} wordt niet ondersteund.", $"The header {header.Name.LocalName} is not understood.");
            return;
        }

        var operation = soapBody.Elements().FirstOrDefault();
        var name = operation?.Name.Namespace == SoapEnvelope.Tns ? operation.Name.LocalName : null;
        if (operation is null || name is not ("SubmitAttestRequest" or "AmendAttestRequest" or "CancelAttestRequest" or "GetAttestStatusRequest"))
        {
            await FaultAsync(http, soap, "UNKNOWN_OPERATION", "Onbekende operatie; zie de WSDL.", "Unknown operation; see the WSDL.");
            return;
        }

        var expectedAction = ActionPrefix + name[..^"Request".Length];
        var action = Action(request, soap);
        if (!string.IsNullOrEmpty(action) && action != expectedAction)
        {
            await FaultAsync(http, soap, "SOAP_ACTION_MISMATCH", $"SOAPAction '{action}' past niet bij de inhoud ({expectedAction}).", $"SOAPAction '{action}' does not match the body ({expectedAction}).");
            return;
        }

        var now = time.GetUtcNow();
        var caller = http.Caller();
        switch (name)
        {
            case "SubmitAttestRequest" or "AmendAttestRequest":
                if (operation.Element(AttestNs + "attest") is not { } attestElement)
                {
                    await FaultAsync(http, soap, ProblemCodes.SchemaRequired, "Het element attest ontbreekt.", "The attest element is missing.");
                    return;
                }

                var result = validator.Validate(attestElement);
                if (!result.IsValid)
                {
                    metrics.AttestRejected("soap", result.Problems.Select(p => p.Code));
                    await WriteAsync(http, soap, StatusCodes.Status500InternalServerError,
                        soap.Fault(true, "VALIDATION_FAILED", $"Het attest is niet geldig: {result.Problems.Count} probleem/problemen.", result.Problems));
                    return;
                }

                if (AttestAccess.CheckSubmitter(result.Attest, caller) is { } mismatch)
                {
                    await FaultAsync(http, soap, mismatch);
                    return;
                }

                if (name == "AmendAttestRequest" && await AttestAccess.OwnedAsync(store, result.Attest.AttestId, caller, ct) is null)
                {
                    await FaultAsync(http, soap, WriteOutcomes.NotFound(result.Attest.AttestId));
                    return;
                }

                var write = name == "SubmitAttestRequest"
                    ? await store.SubmitAsync(result.Attest, caller.Actor, now, ct)
                    : await store.ChangeAsync(result.Attest.AttestId, AttestChange.Amended, result.Attest, caller.Actor, now, ct);
                if (write.Outcome == WriteOutcome.Accepted)
                {
                    metrics.AttestAccepted("soap");
                }

                await AnswerAsync(http, soap, signal, store, caller, write, name, ct);
                return;
            case "CancelAttestRequest":
                if (!TryAttestId(operation, out var cancelId))
                {
                    await FaultAsync(http, soap, ProblemCodes.SchemaPattern, "attestId ontbreekt of is geen UUID.", "attestId is missing or not a UUID.");
                    return;
                }

                if (await AttestAccess.OwnedAsync(store, cancelId, caller, ct) is null)
                {
                    await FaultAsync(http, soap, WriteOutcomes.NotFound(cancelId));
                    return;
                }

                await AnswerAsync(http, soap, signal, store, caller, await store.ChangeAsync(cancelId, AttestChange.Cancelled, null, caller.Actor, now, ct), name, ct);
                return;
            default:
                if (!TryAttestId(operation, out var id))
                {
                    await FaultAsync(http, soap, ProblemCodes.SchemaPattern, "attestId ontbreekt of is geen UUID.", "attestId is missing or not a UUID.");
                    return;
                }

                var view = await AttestAccess.OwnedAsync(store, id, caller, ct);
                if (view is null)
                {
                    await FaultAsync(http, soap, WriteOutcomes.NotFound(id));
                    return;
                }

                await WriteAsync(http, soap, StatusCodes.Status200OK, soap.Answer(StatusElement(view)));
                return;
        }
    }

    private static async Task AnswerAsync(HttpContext http, SoapEnvelope soap, DispatchSignal signal, IHubStore store, HubCaller caller, WriteResult result, string operation, CancellationToken ct)
    {
        if (await AttestAccess.ForCallerAsync(WriteOutcomes.RefusalOf(result), store, caller, ct) is { } refusal)
        {
            await FaultAsync(http, soap, refusal);
            return;
        }

        if (result.Outcome == WriteOutcome.Accepted)
        {
            signal.Wake();
        }

        var tns = SoapEnvelope.Tns;
        var answer = new XElement(tns + operation.Replace("Request", "Response", StringComparison.Ordinal),
            new XElement(tns + "attestId", result.AttestId),
            new XElement(tns + "version", result.Version),
            new XElement(tns + "status", result.Status.ToString()),
            new XElement(tns + "statusUrl", $"/api/v1/attests/{result.AttestId}"));
        await WriteAsync(http, soap, StatusCodes.Status200OK, soap.Answer(answer));
    }

    private static XElement StatusElement(AttestView view)
    {
        var tns = SoapEnvelope.Tns;
        return new XElement(tns + "GetAttestStatusResponse",
            new XElement(tns + "attestId", view.AttestId),
            new XElement(tns + "version", view.Version),
            new XElement(tns + "status", view.Status.ToString()),
            view.Deliveries.Select(d => new XElement(tns + "delivery",
                new XElement(tns + "destination", d.Destination),
                new XElement(tns + "version", d.Version),
                new XElement(tns + "message", d.Kind.ToString()),
                new XElement(tns + "state", d.State.ToString()),
                new XElement(tns + "attempts", d.Attempts),
                d.Reference is null ? null : new XElement(tns + "reference", d.Reference),
                d.ReasonCode is null ? null : new XElement(tns + "reasonCode", d.ReasonCode))));
    }

    private static bool TryAttestId(XElement operation, out Guid id) =>
        Guid.TryParseExact(operation.Element(SoapEnvelope.Tns + "attestId")?.Value, "D", out id);

    /// <summary>SOAP 1.1: the SOAPAction header; SOAP 1.2: the action parameter of the Content-Type.</summary>
    private static string? Action(HttpRequest request, SoapEnvelope soap)
    {
        if (soap == SoapEnvelope.V11)
        {
            return request.Headers["SOAPAction"].ToString().Trim('"');
        }

        var action = request.ContentType?.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("action=", StringComparison.OrdinalIgnoreCase));
        return action?["action=".Length..].Trim('"');
    }

    private static Task FaultAsync(HttpContext http, SoapEnvelope soap, Refusal refusal) =>
        FaultAsync(http, soap, refusal.Code, refusal.MessageNl, refusal.MessageEn);

    private static Task FaultAsync(HttpContext http, SoapEnvelope soap, string code, string nl, string en) =>
        WriteAsync(http, soap, StatusCodes.Status500InternalServerError,
            soap.Fault(true, code, nl, [new ValidationProblem(ValidationProblem.DocumentPath, code, nl, en)]));

    // Faults travel as HTTP 500, as WCF clients expect for both SOAP versions.
    private static async Task WriteAsync(HttpContext http, SoapEnvelope soap, int status, string envelope)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = soap.ContentType;
        await http.Response.WriteAsync(envelope);
    }

    private static string ReadWsdl()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("attest-service-v1.wsdl")
            ?? throw new InvalidOperationException("The WSDL resource is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
