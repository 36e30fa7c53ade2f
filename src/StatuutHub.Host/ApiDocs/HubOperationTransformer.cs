using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace StatuutHub.Host.ApiDocs;

/// <summary>Per operation: an attest body is one of the two contracts (JSON) or their XML; every problem answer has the hub's
/// problem shape; a secured operation names its credentials and the 401, 403 and 429 every secured call may get.</summary>
public sealed class HubOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<AttestBody>().Any())
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "Het attest: contract v1 of v2 (`\"contractVersion\": \"2\"`, XML namespace `urn:be:statuuthub:attest:v2`). / The attest, contract v1 or v2.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema { OneOf = [new OpenApiSchemaReference("AttestV1", document), new OpenApiSchemaReference("AttestV2", document)] } },
                    ["application/xml"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "An attest element valid against /schemas/attest-v1.xsd or /schemas/attest-v2.xsd." } },
                },
            };
        }

        if (metadata.OfType<RawBody>().FirstOrDefault() is { } raw)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = raw.Description,
                Content = raw.ContentTypes.ToDictionary(t => t, _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } }),
            };
        }

        var secured = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        operation.Responses ??= new OpenApiResponses();
        if (secured)
        {
            foreach (var (status, description) in new[] { ("401", "No or an unknown credential"), ("403", "The credential may not do this"), ("429", "Over the rate limit (Retry-After)") })
            {
                operation.Responses.TryAdd(status, new OpenApiResponse { Description = description });
            }

            var scheme = context.Description.RelativePath?.StartsWith("api/v1/acks", StringComparison.Ordinal) == true ? HubDocumentTransformer.AgencyKeyScheme : HubDocumentTransformer.ApiKeyScheme;
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HubDocumentTransformer.BearerScheme, document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, document)] = [] },
            ];
        }
        else
        {
            operation.Security = []; // open to anyone, said so: a generated client sends no credential
        }

        // A stable name for generated clients: the method and the route, e.g. post_api_v1_attests.
        operation.OperationId ??= OperationIds.Of(context.Description.HttpMethod ?? "GET", context.Description.RelativePath ?? string.Empty);
        AddExamples(operation);

        // SOAP answers its faults in its own envelope, described by the WSDL.
        var soap = context.Description.RelativePath?.StartsWith("soap/", StringComparison.Ordinal) == true;
        foreach (var (status, response) in soap ? [] : operation.Responses.ToList())
        {
            if (status.Length == 3 && status[0] is '4' or '5' && response is OpenApiResponse concrete)
            {
                concrete.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(HubDocumentTransformer.ProblemSchema, document) },
                };
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>The README's example attest as the submit's body, and what the hub answers to it and about it (schemas/examples/answers).</summary>
    private static void AddExamples(OpenApiOperation operation)
    {
        if (operation.OperationId == OperationIds.Of("POST", "api/v1/attests"))
        {
            SetExample(operation.RequestBody?.Content, "example-attest.json");
            SetExample(operation.Responses?.GetValueOrDefault("202")?.Content, "example-accepted.json");
        }
        else if (operation.OperationId == OperationIds.Of("GET", "api/v1/attests/{attestId}"))
        {
            SetExample(operation.Responses?.GetValueOrDefault("200")?.Content, "example-status.json");
        }
    }

    private static void SetExample(IDictionary<string, OpenApiMediaType>? content, string resource)
    {
        if (content is not null && content.TryGetValue("application/json", out var json))
        {
            json.Example = JsonNode.Parse(Examples.GetOrAdd(resource, Read));
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Examples = new(StringComparer.Ordinal);

    private static string Read(string resource)
    {
        using var stream = typeof(HubOperationTransformer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
