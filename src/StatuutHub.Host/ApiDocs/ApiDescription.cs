using System.Text.Json.Serialization;
using Scalar.AspNetCore;

namespace StatuutHub.Host.ApiDocs;

/// <summary>The API described for integrators: the OpenAPI 3.1 document at <c>/openapi/v1.json</c> (every public and admin
/// endpoint, with its problem answers and the attest contracts embedded), a browsable reference at <c>/api-reference</c>,
/// the attest schemas at <c>/schemas/…</c> and the problem codes at <c>/api/v1/problem-codes</c>. All open: they describe,
/// they hold no data.</summary>
public static class ApiDescription
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/api-reference";

    public static void AddStatuutHubApiDescription(this WebApplicationBuilder builder)
    {
        // Numbers are JSON numbers, in both directions: the document then says "integer", not "integer or a string of digits"
        // (the web default, which generated clients turn into a union type), and a quoted number in a request is refused.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer<HubDocumentTransformer>();
            o.AddOperationTransformer<HubOperationTransformer>();
        });
    }

    public static void MapApiDescription(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        // The reference page runs Scalar's bundled script (served by the hub itself, no CDN) under a per-request nonce.
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments(ReferencePath))
            {
                http.Response.OnStarting(() =>
                {
                    if (http.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce))
                    {
                        http.Response.Headers.ContentSecurityPolicy =
                            $"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                            "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
                    }

                    return Task.CompletedTask;
                });
            }

            return next(http);
        });
        app.MapScalarApiReference(ReferencePath, o => o
                .WithTitle("StatuutHub API")
                .WithOpenApiRoutePattern(DocumentPath)
                .AddDocument(DocumentName)
                .DisableDefaultFonts()
                // Nothing leaves the hub: no telemetry, no AI agent, no MCP, no developer tools calling Scalar's services.
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .WithNonce())
            .AllowAnonymous();
        app.MapContractFiles();
    }
}
