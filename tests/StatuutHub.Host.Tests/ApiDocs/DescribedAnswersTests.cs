using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatuutHub.Application.Intake;
using StatuutHub.Host.Security;
using StatuutHub.Tests.Shared;
using Xunit.Abstractions;

namespace StatuutHub.Host.Tests.ApiDocs;

/// <summary>The answers are what the document says they are: every JSON 2xx answer has a schema, and the hub's real answers
/// (and the document's examples) are valid against it for Ajv, a validator that shares no code with the hub or with ASP.NET's
/// schema generation.</summary>
public sealed class DescribedAnswersTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EveryJsonAnswer_HasASchema_AndTheHubsAnswersAndExamplesAreValidAgainstIt()
    {
        await using var hub = await TestHub.StartAsync();
        using var anonymous = hub.AnonymousClient();
        using var staff = hub.ClientWith(DemoCredentials.OperatorKey);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("openapi/v1.json"))!.AsObject();

        var undescribed = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var (status, response) in operation!["responses"]!.AsObject())
                {
                    if (status.StartsWith('2') && response!["content"]?["application/json"] is { } json
                        && (json["schema"] is not JsonObject schema || schema.Count == 0))
                    {
                        undescribed.Add($"{method} {path} {status}");
                    }
                }
            }
        }

        Assert.Empty(undescribed);

        var example = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "examples", "attest", "valid", "unemployment-and-leefloon.json"));
        var answers = new List<(string Path, string Method, string Status, string Body)>();
        async Task Keep(string path, string method, HttpResponseMessage response)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
                answers.Add((path, method, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), body));
            }
        }

        await Keep("/api/v1/attests", "post", await hub.Client.PostAsync("api/v1/attests", new StringContent(example, System.Text.Encoding.UTF8, "application/json")));
        var attestId = JsonDocument.Parse(answers[^1].Body).RootElement.GetProperty("attestId").GetString();
        await hub.SettleAsync();
        hub.Time.Advance(ChangeFeed.Settle + TimeSpan.FromSeconds(1));
        await Keep("/api/v1/attests/{attestId}", "get", await hub.Client.GetAsync($"api/v1/attests/{attestId}"));
        await Keep("/api/v1/attests", "get", await hub.Client.GetAsync("api/v1/attests?limit=10"));
        await Keep("/api/v1/routing/preview", "post", await hub.Client.PostAsync("api/v1/routing/preview", new StringContent(example, System.Text.Encoding.UTF8, "application/json")));
        await Keep("/api/v1/admin/attests/{attestId}", "get", await staff.GetAsync($"api/v1/admin/attests/{attestId}"));
        foreach (var path in new[] { "overview", "deliveries", "failures", "alerts", "callbacks", "callbacks/events", "audit/verify" })
        {
            await Keep($"/api/v1/admin/{path}", "get", await staff.GetAsync($"api/v1/admin/{path}"));
        }

        await Keep("/api/v1/admin/search", "post", await staff.PostAsJsonAsync("api/v1/admin/search", new { query = TestCredentials.InitiativeKbo }));
        await Keep("/api/v1/problem-codes", "get", await anonymous.GetAsync("api/v1/problem-codes"));
        await Keep("/.well-known/statuut-receipt-keys", "get", await anonymous.GetAsync(".well-known/statuut-receipt-keys"));
        await Keep("/health/live", "get", await anonymous.GetAsync("health/live"));
        await Keep("/health/ready", "get", await anonymous.GetAsync("health/ready"));

        // The document's examples, and a status with a wrong type in it: the check can fail.
        var examples = new[] { ("/api/v1/attests", "post", "202"), ("/api/v1/attests/{attestId}", "get", "200") }
            .Select(e => (Path: e.Item1, Method: e.Item2, Status: e.Item3, Body: document["paths"]![e.Item1]![e.Item2]!["responses"]![e.Item3]!["content"]!["application/json"]!["example"]!.ToJsonString()))
            .ToArray();
        var broken = JsonNode.Parse(answers[1].Body)!.AsObject();
        broken["version"] = "1";

        var failures = new List<string>();
        foreach (var group in answers.Concat(examples).GroupBy(a => (a.Path, a.Method, a.Status)))
        {
            var verdicts = await VerdictsAsync(document, group.Key.Path, group.Key.Method, group.Key.Status, [.. group.Select(a => a.Body)]);
            failures.AddRange(group.Zip(verdicts).Where(v => !v.Second).Select(v => $"{v.First.Method} {v.First.Path} {v.First.Status}: {v.First.Body}"));
        }

        var control = await VerdictsAsync(document, "/api/v1/attests/{attestId}", "get", "200", [broken.ToJsonString()]);
        output.WriteLine($"{answers.Count} answers and {examples.Length} examples checked by Ajv; {failures.Count} invalid");
        Assert.Empty(failures);
        Assert.Equal([false], control);
    }

    /// <summary>Ajv's verdicts for answers against the schema the document gives for that answer (the document is the root, so its
    /// references to components resolve).</summary>
    private static async Task<List<bool>> VerdictsAsync(JsonObject document, string path, string method, string status, IReadOnlyList<string> bodies)
    {
        var root = document.DeepClone().AsObject();
        root["$ref"] = $"#/paths/{Escape(path)}/{method}/responses/{status}/content/application~1json/schema";
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, root.ToJsonString());
            return await AjvOracle.VerdictsAsync(file, bodies);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
