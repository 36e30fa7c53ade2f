using System.Reflection;
using System.Xml.Linq;
using StatuutHub.Application.Intake;
using StatuutHub.Host.Security;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Host.Soap;

/// <summary><c>/soap/attest</c>: the SOAP intake (SOAP 1.1 and 1.2, document/literal), contract-first from
/// schemas/soap/attest-service-v1.wsdl. <see cref="SoapRequest"/> reads the envelope once; each operation
/// calls the same <see cref="AttestIntake"/> use case as REST; <see cref="SoapFault"/> is the one fault mapping.</summary>
/// <remarks>Hand-written rather than SoapCore: SoapCore is code-first (it derives the WSDL from .NET
/// types and deserialises the body into them before our code runs), the reverse of what this
/// endpoint needs: the published WSDL is the truth and the raw XML is checked first.</remarks>
public static class SoapIntake
{
    public const string Path = "/soap/attest";
    private const string Channel = "soap";
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

    private static async Task HandleAsync(HttpContext http, AttestIntake intake, IntakeLimits limits, CancellationToken ct)
    {
        var (call, fault) = await SoapRequest.ReadAsync(http.Request, limits, ct);
        if (call is null)
        {
            await fault!.WriteAsync(http);
            return;
        }

        var requester = http.Caller().AsRequester();
        var soap = call.Soap;
        if (call.Operation is "SubmitAttestRequest" or "AmendAttestRequest")
        {
            if (call.Body.Element(AttestNs + "attest") is not { } attest)
            {
                await SoapFault.Single(soap, ProblemCodes.SchemaRequired, "Het element attest ontbreekt.", "The attest element is missing.").WriteAsync(http);
                return;
            }

            var incoming = IncomingAttest.Element(attest);
            var result = call.Operation == "SubmitAttestRequest"
                ? await intake.SubmitAsync(incoming, requester, Channel, ct)
                : await intake.AmendAsync(incoming, addressed: null, requester, Channel, ct);
            await AnswerAsync(http, call, result);
            return;
        }

        if (!call.TryAttestId(out var attestId))
        {
            await SoapFault.Single(soap, ProblemCodes.SchemaPattern, "attestId ontbreekt of is geen UUID.", "attestId is missing or not a UUID.").WriteAsync(http);
            return;
        }

        if (call.Operation == "CancelAttestRequest")
        {
            await AnswerAsync(http, call, await intake.CancelAsync(attestId, requester, ct));
            return;
        }

        if (await intake.FindAsync(attestId, requester, ct) is not { } view)
        {
            await SoapFault.From(soap, Refusals.NotFound(attestId)).WriteAsync(http);
            return;
        }

        await WriteAsync(http, soap, StatusCodes.Status200OK, soap.Answer(StatusElement(view)));
    }

    private static Task AnswerAsync(HttpContext http, SoapRequest call, IntakeResult result)
    {
        var tns = SoapEnvelope.Tns;
        return result switch
        {
            IntakeResult.Accepted { Write: var w } => WriteAsync(http, call.Soap, StatusCodes.Status200OK, call.Soap.Answer(
                new XElement(tns + call.Operation.Replace("Request", "Response", StringComparison.Ordinal),
                    new XElement(tns + "attestId", w.AttestId),
                    new XElement(tns + "version", w.Version),
                    new XElement(tns + "status", w.Status.ToString()),
                    new XElement(tns + "statusUrl", $"/api/v1/attests/{w.AttestId}")))),
            IntakeResult.Invalid { Problems: var problems } => SoapFault.Invalid(call.Soap, problems).WriteAsync(http),
            IntakeResult.Refused { Refusal: var refusal } => SoapFault.From(call.Soap, refusal).WriteAsync(http),
            _ => throw new InvalidOperationException($"Unknown intake result {result}."),
        };
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

    /// <summary>Writes an envelope with the SOAP version's content type.</summary>
    internal static async Task WriteAsync(HttpContext http, SoapEnvelope soap, int status, string envelope)
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
