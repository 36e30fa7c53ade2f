using System.Reflection;
using System.Xml.Linq;
using StatuutHub.Application.Intake;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Host.Soap;

/// <summary><c>/soap/attest</c> and <c>/soap/v2/attest</c>: the SOAP intake (SOAP 1.1 and 1.2, document/literal),
/// contract-first from schemas/soap/attest-service-v1.wsdl and -v2.wsdl. <see cref="SoapRequest"/> reads the envelope
/// once and the operation's namespace chooses the contract; each operation calls the same <see cref="AttestIntake"/>
/// use case as REST; <see cref="SoapFault"/> is the one fault mapping.</summary>
/// <remarks>Hand-written rather than SoapCore: SoapCore is code-first (it derives the WSDL from .NET
/// types and deserialises the body into them before our code runs), the reverse of what this
/// endpoint needs: the published WSDL is the truth and the raw XML is checked first.</remarks>
public static class SoapIntake
{
    public const string Path = "/soap/attest";
    public const string PathV2 = "/soap/v2/attest";
    private const string Channel = "soap";
    private static readonly SoapContract V1 = new(Path, SoapEnvelope.Tns, ReadWsdl("attest-service-v1.wsdl"), "attest-v1.xsd", AttestValidator.AttestXsd);
    private static readonly SoapContract V2 = new(PathV2, SoapEnvelope.TnsV2, ReadWsdl("attest-service-v2.wsdl"), "attest-v2.xsd", AttestValidator.AttestXsdV2);

    public static void MapSoapIntake(this IEndpointRouteBuilder app)
    {
        foreach (var contract in new[] { V1, V2 })
        {
            // The contract is public; the operations are for initiatives (same keys or certificates as REST).
            var version = contract == V1 ? "v1" : "v2";
            app.MapGet(contract.Path, (HttpRequest request) => ServeContract(request, contract)).AllowAnonymous()
                .WithTags("SOAP").WithSummary($"De WSDL ({version}) met ?wsdl, het attest-XSD met ?xsd={contract.XsdName} / The WSDL and its XSD")
                .Produces<string>(StatusCodes.Status200OK, "text/xml");
            app.MapPost(contract.Path, (HttpContext http, AttestIntake intake, IntakeLimits limits, CancellationToken ct) => HandleAsync(http, intake, limits, contract.Tns, ct))
                .RequireAuthorization(HubPolicies.Initiative)
                .AcceptsRaw("A SOAP 1.1 (text/xml + SOAPAction) or SOAP 1.2 envelope, as the WSDL describes.", "text/xml", "application/soap+xml")
                .WithTags("SOAP").WithSummary($"SOAP 1.1/1.2 ({version}): SubmitAttest, GetAttestStatus, AmendAttest, CancelAttest — see the WSDL")
                .Produces<string>(StatusCodes.Status200OK, "text/xml", "application/soap+xml")
                .Produces<string>(StatusCodes.Status500InternalServerError, "text/xml", "application/soap+xml");
        }
    }

    /// <summary><c>?wsdl</c>: the WSDL with this host's address; <c>?xsd=attest-v1.xsd</c> (v2: <c>attest-v2.xsd</c>): the imported attest schema.</summary>
    private static IResult ServeContract(HttpRequest request, SoapContract contract)
    {
        var endpoint = $"{request.Scheme}://{request.Host}{request.PathBase}{contract.Path}";
        if (request.Query.ContainsKey("wsdl"))
        {
            var wsdl = contract.Wsdl
                .Replace($"http://127.0.0.1:5080{contract.Path}", endpoint, StringComparison.Ordinal)
                .Replace($"schemaLocation=\"{contract.XsdName}\"", $"schemaLocation=\"{endpoint}?xsd={contract.XsdName}\"", StringComparison.Ordinal);
            return Results.Text(wsdl, "text/xml; charset=utf-8");
        }

        if (request.Query["xsd"] == contract.XsdName)
        {
            return Results.Text(contract.Xsd, "text/xml; charset=utf-8");
        }

        return Results.Text($"SOAP endpoint. Contract: {endpoint}?wsdl", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task HandleAsync(HttpContext http, AttestIntake intake, IntakeLimits limits, XNamespace pathContract, CancellationToken ct)
    {
        var (call, fault) = await SoapRequest.ReadAsync(http.Request, limits, pathContract, ct);
        if (call is null)
        {
            await fault!.WriteAsync(http);
            return;
        }

        var requester = http.Caller().AsRequester();
        var soap = call.Soap;
        if (call.Operation is "SubmitAttestRequest" or "AmendAttestRequest")
        {
            if (call.Body.Element(call.AttestNs + "attest") is not { } attest)
            {
                await SoapFault.Single(soap, call.Tns, ProblemCodes.SchemaRequired, "Het element attest ontbreekt.", "The attest element is missing.").WriteAsync(http);
                return;
            }

            var incoming = IncomingAttest.Element(attest);
            var result = call.Operation == "SubmitAttestRequest"
                ? await intake.SubmitAsync(incoming, requester, Channel, ct)
                : await intake.AmendAsync(incoming, addressed: null, requester, Channel, ct, ExpectedVersion(call));
            await AnswerAsync(http, call, result);
            return;
        }

        if (!call.TryAttestId(out var attestId))
        {
            await SoapFault.Single(soap, call.Tns, ProblemCodes.SchemaPattern, "attestId ontbreekt of is geen UUID.", "attestId is missing or not a UUID.").WriteAsync(http);
            return;
        }

        if (call.Operation == "CancelAttestRequest")
        {
            await AnswerAsync(http, call, await intake.CancelAsync(attestId, requester, ct, ExpectedVersion(call)));
            return;
        }

        if (await intake.FindAsync(attestId, requester, ct) is not { } view)
        {
            await SoapFault.From(call, Refusals.NotFound(attestId)).WriteAsync(http);
            return;
        }

        await WriteAsync(http, soap, StatusCodes.Status200OK, soap.Answer(StatusElement(call, view)));
    }

    /// <summary>Contract v2's optional <c>expectedVersion</c>: the change applies only to that version (the SOAP form of If-Match).</summary>
    private static int? ExpectedVersion(SoapRequest call) =>
        call.IsV2 && int.TryParse(call.Body.Element(call.Tns + "expectedVersion")?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : null;

    private static Task AnswerAsync(HttpContext http, SoapRequest call, IntakeResult result)
    {
        var tns = call.Tns;
        return result switch
        {
            IntakeResult.Accepted { Write: var w, Warnings: var warnings } => WriteAsync(http, call.Soap, StatusCodes.Status200OK, call.Soap.Answer(
                new XElement(tns + call.Operation.Replace("Request", "Response", StringComparison.Ordinal),
                    new XElement(tns + "attestId", w.AttestId),
                    new XElement(tns + "version", w.Version),
                    new XElement(tns + "status", w.Status.ToString()),
                    new XElement(tns + "statusUrl", $"/api/v1/attests/{w.AttestId}"),
                    // Contract v1 has no place for warnings: its callers read them in the status over REST.
                    call.IsV2 ? warnings.Select(p => SoapEnvelope.Problem(tns + "warning", p)) : null))),
            IntakeResult.Invalid { Problems: var problems } => SoapFault.Invalid(call, problems).WriteAsync(http),
            IntakeResult.Refused { Refusal: var refusal } => SoapFault.From(call, refusal).WriteAsync(http),
            _ => throw new InvalidOperationException($"Unknown intake result {result}."),
        };
    }

    private static XElement StatusElement(SoapRequest call, AttestView view)
    {
        var tns = call.Tns;
        return new XElement(tns + "GetAttestStatusResponse",
            new XElement(tns + "attestId", view.AttestId),
            new XElement(tns + "version", view.Version),
            new XElement(tns + "status", view.Status.ToString()),
            call.IsV2 ? view.Warnings.Select(w => SoapEnvelope.Problem(tns + "warning", w.Path, w.Code, w.MessageNl, w.MessageEn)) : null,
            view.Deliveries.Select(d => new XElement(tns + "delivery",
                new XElement(tns + "destination", d.Destination),
                new XElement(tns + "version", d.Version),
                new XElement(tns + "message", d.Kind.ToString()),
                new XElement(tns + "state", d.State.ToString()),
                new XElement(tns + "attempts", d.Attempts),
                d.Reference is null ? null : new XElement(tns + "reference", d.Reference),
                d.ReasonCode is null ? null : new XElement(tns + "reasonCode", d.ReasonCode))));
    }

    /// <summary>Writes an envelope with the SOAP version's content type.</summary>
    internal static async Task WriteAsync(HttpContext http, SoapEnvelope soap, int status, string envelope)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = soap.ContentType;
        await http.Response.WriteAsync(envelope);
    }

    private static string ReadWsdl(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The WSDL resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One SOAP contract the endpoint serves: its path, namespace, WSDL and the attest XSD it imports.</summary>
internal sealed record SoapContract(string Path, XNamespace Tns, string Wsdl, string XsdName, string Xsd);
