using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using StatuutHub.Host.ApiDocs;
using StatuutHub.Host.Tests.Dashboard;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Host.Tests.ApiDocs;

/// <summary>The OpenAPI document describes every route the hub maps (only the dashboard's HTML pages and the description's
/// own endpoints are left out, and only they), with the hub's problem answers and the attest contracts; the reference page
/// renders in a real browser under its content security policy; the contracts and the problem codes are served.</summary>
public sealed partial class ApiDescriptionTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // The dashboard's HTML pages; besides them only the description's own endpoints (/openapi, /api-reference) are left out.
    private static readonly string[] LeftOut = ["/", "/bezorgingen", "/mislukt", "/attesten/{attestId}", "/zoeken", "/acties/opnieuw", "/acties/status-opvragen", "/aanmelden", "/afmelden", "/geweigerd",
        "/terugmeldingen", "/acties/terugmeldingen-opnieuw", "/initiatief", "/initiatief/nieuw", "/initiatief/attesten/{attestId}",
        "/initiatief/attesten/{attestId}/bewijs", "/initiatief/bestand", "/bewijs", "/deelnemer", "/bezorgingen/export", "/meldingen",
        "/acties/selectie", "/bezorgingen/{deliveryId}", "/assets/overzicht-vernieuwen.js", "/statistieken", "/statistieken/export", "/acties/statistieken",
        "/kantoor", "/kantoor/beslist", "/kantoor/aanvragen/{deliveryId}", "/kantoor/aanvragen/{deliveryId}/beslissen"];

    [Fact]
    public async Task EveryMappedRoute_IsInTheDocument_OrIsADashboardPage()
    {
        await using var hub = await TestHub.StartAsync();
        using var anonymous = hub.AnonymousClient();
        using var answer = await anonymous.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var document = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.StartsWith("3.1", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.RootElement.GetProperty("paths");

        var routes = hub.Hub.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(routes);
        var missing = new List<string>();
        var leftOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            var path = OpenApiPath(route.RoutePattern.RawText!);
            if (path.StartsWith("/api-reference", StringComparison.Ordinal) || path.StartsWith("/openapi/", StringComparison.Ordinal))
            {
                continue;
            }

            if (route.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true)
            {
                leftOut.Add(path);
                continue;
            }

            foreach (var method in route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out _))
                {
                    missing.Add($"{method} {path}");
                }
            }
        }

        Assert.Empty(missing);
        Assert.Equal(LeftOut.Order(), leftOut.Order());
        Assert.True(paths.TryGetProperty("/api/v1/acks/{agency}", out _));
        Assert.True(paths.TryGetProperty("/health/ready", out _));
    }

    [Fact]
    public async Task TheAttestEndpoints_NameTheContractsAndTheHubsProblemAnswers()
    {
        await using var hub = await TestHub.StartAsync();
        using var anonymous = hub.AnonymousClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var submit = document.GetProperty("paths").GetProperty("/api/v1/attests").GetProperty("post");

        var oneOf = submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf");
        Assert.Equal(["#/components/schemas/AttestV1", "#/components/schemas/AttestV2"], oneOf.EnumerateArray().Select(s => s.GetProperty("$ref").GetString()));
        Assert.True(submit.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/xml", out _));
        foreach (var status in new[] { "400", "401", "403", "409", "413", "415", "429" })
        {
            Assert.Equal("#/components/schemas/HubProblem", submit.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }

        Assert.True(submit.GetProperty("responses").TryGetProperty("202", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var v2 = schemas.GetProperty("AttestV2");
        Assert.True(v2.GetProperty("properties").TryGetProperty("werkpost", out _));
        // The contract's own definitions are components now, and its references point at them.
        Assert.True(schemas.TryGetProperty("AttestV2.plainDate", out _));
        Assert.Contains("#/components/schemas/AttestV2.plainDate", v2.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("#/definitions/", document.ToString(), StringComparison.Ordinal);
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("apiKey", out _));
    }

    [Fact]
    public async Task TheContractsAndTheProblemCodes_AreServed_AndEveryCodeTheHubUsesIsExplained()
    {
        await using var hub = await TestHub.StartAsync();
        using var anonymous = hub.AnonymousClient();
        var schema = await anonymous.GetStringAsync("schemas/attest-v2.schema.json");
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "contract", "attest-v2.schema.json")), schema);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("schemas/..%2Fappsettings.json")).StatusCode);

        var catalogue = await anonymous.GetFromJsonAsync<JsonElement>("api/v1/problem-codes");
        var listed = catalogue.GetProperty("codes").EnumerateArray().ToDictionary(c => c.GetProperty("code").GetString()!);
        var constants = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!)
            .Concat(typeof(StatuutHub.Domain.Attests.ConcurrentAttests).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!));
        Assert.All(constants, c => Assert.True(listed.ContainsKey(c), $"{c} is not in schemas/problem-codes.json"));
        // Codes written where they are answered (the host's and the use cases' own): every one is in the catalogue.
        var source = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src");
        var written = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => CodeInProblem().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(written);
        Assert.All(written, c => Assert.True(listed.ContainsKey(c), $"{c} is not in schemas/problem-codes.json"));
        Assert.All(listed.Values, c => Assert.False(string.IsNullOrWhiteSpace(c.GetProperty("meaningNl").GetString()) || string.IsNullOrWhiteSpace(c.GetProperty("meaningEn").GetString())));
    }

    [Fact]
    public async Task TheReferencePage_RendersTheOperations_WithoutAContentSecurityViolation()
    {
        await using var hub = await TestHub.StartAsync();
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        var response = await page.GotoAsync(new Uri(hub.Hub.BaseAddress, "api-reference").ToString());
        Assert.Equal(200, response!.Status);
        Assert.Contains("nonce-", response.Headers["content-security-policy"], StringComparison.Ordinal);
        await page.GetByText("StatuutHub API").First.WaitForAsync();
        await page.GetByText("Attests").First.ClickAsync();
        await page.GetByText("Een attest indienen").First.WaitForAsync();
        // The browser fetched nothing but the hub's own files.
        Assert.All(requests, r => Assert.Contains(hub.Hub.BaseAddress.Authority, r, StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "api-reference.png") });
        Assert.Empty(violations);
        await context.CloseAsync();
    }

    /// <summary>A route template as OpenAPI writes the path: constraints dropped (<c>{attestId:guid}</c> → <c>{attestId}</c>).</summary>
    private static string OpenApiPath(string template) => RouteConstraint().Replace(template.StartsWith('/') ? template : "/" + template, "{$1}");

    [GeneratedRegex(@"\{([A-Za-z]+):[^}]+\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"(?:Single|SingleDocument|Fault|Refusal|DeadLetter|new)\((?:[A-Za-z0-9.]+, )?""([A-Z][A-Z_]{3,})""")]
    private static partial Regex CodeInProblem();
}
