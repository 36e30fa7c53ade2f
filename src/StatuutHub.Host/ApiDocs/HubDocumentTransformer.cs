using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using StatuutHub.Validation;

namespace StatuutHub.Host.ApiDocs;

/// <summary>What the endpoints cannot say about themselves: the API's introduction, the credentials, the problem answer's
/// shape, the attest contracts (the JSON Schemas as shipped, their definitions moved into the components), and the
/// probes and metrics (mapped outside the route handlers).</summary>
public sealed class HubDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ProblemSchema = "HubProblem";
    public const string ApiKeyScheme = "apiKey";
    public const string BearerScheme = "bearer";
    public const string AgencyKeyScheme = "agencyKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "StatuutHub API",
            Version = "v1",
            Description = "Eén attest arbeidszorg, overal erkend. / One attest arbeidszorg, recognised everywhere.\n\n" +
                "Initiatives submit attests (JSON or XML, contract v1 or v2) and follow their status; agencies post their decisions; " +
                "support staff read and act through the admin API. Every call names its caller: an API key (`Authorization: Bearer` or " +
                "`X-Api-Key`; agencies also `X-Agency-Key`) or a pinned client certificate. Every problem is RFC 9457 problem details " +
                "with a stable `code`, every problem in `errors[]` (field path, code, Dutch and English message) and a `correlationId` " +
                "(also in the `X-Correlation-Id` header). The codes: `/api/v1/problem-codes`; the contracts: `/schemas/attest-v2.schema.json`, " +
                "`/schemas/attest-v2.xsd`; SOAP: `/soap/attest?wsdl`, `/soap/v2/attest?wsdl`.",
        };
        var components = document.Components ??= new OpenApiComponents();
        components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "An API key as a bearer token." };
        components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Api-Key", Description = "An initiative's or staff member's API key." };
        components.SecuritySchemes[AgencyKeyScheme] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Agency-Key", Description = "An agency's key, on its own ack path." };

        components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        AddContract(document, components, "AttestV1", AttestValidator.ReadResource("attest-v1.schema.json"));
        AddContract(document, components, "AttestV2", AttestValidator.ReadResource("attest-v2.schema.json"));
        components.Schemas[ProblemSchema] = Parse(document, """
            {
              "type": "object",
              "description": "RFC 9457 problem details with the hub's stable code, every problem found and the correlation id.",
              "properties": {
                "type": { "type": "string" }, "title": { "type": "string" }, "status": { "type": "integer" }, "detail": { "type": "string" },
                "code": { "type": "string", "description": "Stable code; see /api/v1/problem-codes." },
                "correlationId": { "type": "string", "description": "Also in the X-Correlation-Id header; quote it when reporting." },
                "errors": { "type": "array", "items": { "type": "object", "properties": {
                  "path": { "type": "string", "description": "Field path in the document's own contract, e.g. participant.insz." },
                  "code": { "type": "string" }, "message": { "type": "string", "description": "Dutch." }, "messageEn": { "type": "string" } } } }
              }
            }
            """);

        document.Paths ??= new OpenApiPaths();
        AddProbe(document, "/health/live", "Het proces leeft / The process answers", ["200"]);
        AddProbe(document, "/health/ready", "Klaar: de opslag antwoordt, de circuits / Ready: the store answers, and each circuit", ["200", "503"]);
        AddProbe(document, "/metrics", "Prometheus-metrieken / Prometheus metrics", ["200"]);

        // The server as clients address it: without a trailing slash, so path templates join it once.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        return Task.CompletedTask;
    }

    /// <summary>A shipped JSON Schema as a component: its definitions become components of their own (<c>AttestV2.plainDate</c>)
    /// and its references point there; <c>$schema</c> and <c>$id</c> are left out, they would re-base the references.</summary>
    private static void AddContract(OpenApiDocument document, OpenApiComponents components, string name, string schemaJson)
    {
        var text = schemaJson.Replace("\"#/definitions/", $"\"#/components/schemas/{name}.", StringComparison.Ordinal);
        var root = JsonNode.Parse(text)!.AsObject();
        root.Remove("$schema");
        root.Remove("$id");
        if (root["definitions"] is JsonObject definitions)
        {
            root.Remove("definitions");
            foreach (var (key, value) in definitions)
            {
                components.Schemas![$"{name}.{key}"] = Parse(document, value!.ToJsonString());
            }
        }

        components.Schemas![name] = Parse(document, root.ToJsonString());
    }

    private static OpenApiSchema Parse(OpenApiDocument document, string json) =>
        OpenApiModelFactory.Parse<OpenApiSchema>(json, OpenApiSpecVersion.OpenApi3_1, document, out _, "json")
        ?? throw new InvalidOperationException("A schema in the API description does not parse.");

    private static void AddProbe(OpenApiDocument document, string path, string summary, string[] statuses)
    {
        // The probes answer {status, checks}; the metrics Prometheus' text format.
        var content = path == "/metrics"
            ? new Dictionary<string, OpenApiMediaType> { ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } }
            : new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = Parse(document, ProbeAnswer) } };
        var responses = new OpenApiResponses();
        foreach (var status in statuses)
        {
            responses[status] = new OpenApiResponse { Description = status == "503" ? "Service unavailable" : "OK", Content = content };
        }

        document.Paths[path] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new OpenApiOperation
                {
                    Summary = summary,
                    OperationId = OperationIds.Of("GET", path),
                    Tags = new HashSet<OpenApiTagReference> { new("Probes", document) },
                    Responses = responses,
                    Security = [],
                },
            },
        };
    }

    private const string ProbeAnswer = """
        {
          "type": "object",
          "required": ["status"],
          "properties": {
            "status": { "type": "string", "enum": ["live", "ready", "degraded", "unavailable"] },
            "checks": { "type": "object", "additionalProperties": { "type": "object", "properties": {
              "status": { "type": "string" }, "description": { "type": ["string", "null"] }, "data": { "type": ["object", "null"] } } } }
          }
        }
        """;
}
