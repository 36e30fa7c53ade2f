using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StatuutHub.Validation.Json;

namespace StatuutHub.Validation.Tests;

/// <summary>The compiled JSON Schema validator the intake runs gives the verdict that independent implementations give, on
/// every example, every REST document of the hostile corpus, and thousands of documents made from the valid examples by
/// breaking one field at a time; for both contracts. The oracle is Ajv (JavaScript, run by Node: its patterns are ECMA-262
/// regular expressions, the dialect JSON Schema names), installed by ops/test.sh. JsonSchema.Net is asked too: it runs
/// patterns with .NET's regex as it is — its <c>$</c> also matches before a final newline, its <c>\p{L}</c> misses letters outside
/// the Basic Multilingual Plane — and every place it disagrees must be one of those two.</summary>
public sealed class CompiledSchemaDifferentialTests
{
    private static readonly string Schemas = Path.Combine(AppContext.BaseDirectory, "schemas", "attest");

    // What a field is replaced with: every JSON type, bounds, lengths, dates, white space and control characters, numbers in
    // every form JSON Schema calls an integer, letters outside the Basic Multilingual Plane, and escapes readers handle differently.
    private static readonly string[] Replacements =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e2", "7", "8", "168", "168.0000000000000001", "168.01", "0.0000001", "-0", "100000000000000000000",
        "3.0", "3e0", "7.0", "7.5", "8e0", "-0.0",
        "\"\"", "\"x\"", "\"2\"", "\"True\"", "\"12345\"", "\"12345\\n\"", "\"2024-02-29\"", "\"2023-02-29\"", "\" 2024-01-01\"", "\"2024-01-01\\n\"", "\"\\ud800\"", "\"\\u00e9t\\u00e9\"",
        "\"Peeters\\n\"", "\"Peeters\\r\\n\"", "\"\\nPeeters\"", "\"Pee\\tters\"", "\" Peeters \"", "\"x\\u0007\"", "\"x\\u2028\"", "\"0123456749\\n\"", "\"85073003328\\n\"",
        "\"\\ud835\\udc9c\"", .. new[] { 100, 101, 200, 201 }.Select(n => "\"" + string.Concat(Enumerable.Repeat("\\ud835\\udc9c", n)) + "\""),
        .. new[] { 100, 101, 200, 201, 1000, 1001 }.Select(n => "\"" + new string('a', n) + "\""), "[]", "[\"UNEMPLOYMENT\",\"UNEMPLOYMENT\"]", "[1,1]", "[{},{}]",
        "[\"UNEMPLOYMENT\",\"INCAPACITY\",\"SOCIAL_INTEGRATION\",\"DISABILITY_ALLOWANCE\",\"OTHER\"]", "{}", "{\"x\":1}",
    ];

    public static TheoryData<string> SchemaFiles() => ["attest-v1.schema.json", "attest-v2.schema.json"];

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public async Task EveryDocument_GetsTheVerdictOfAjv_AndOfJsonSchemaNet_ButForItsKnownDifferences(string schemaFile)
    {
        var schemaPath = Path.Combine(Schemas, schemaFile);
        var text = await File.ReadAllTextAsync(schemaPath);
        var compiled = CompiledJsonSchema.Compile(text);
        var dotnet = global::Json.Schema.JsonSchema.FromText(text);

        var documents = Documents().Where(d => PassesTheSyntaxCheck(Encoding.UTF8.GetBytes(d.Json))).ToList();
        var ours = documents.Select(d => compiled.Validate(Encoding.UTF8.GetBytes(d.Json), 64).Count == 0).ToList();
        var ajv = await StatuutHub.Tests.Shared.AjvOracle.VerdictsAsync(schemaPath, documents.Select(d => d.Json).ToList());

        var disagreements = documents.Where((_, i) => ours[i] != ajv[i]).Select(d => d.Name.Length > 300 ? d.Name[..300] + "…" : d.Name).ToList();
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {documents.Count} disagree with Ajv:\n{string.Join("\n", disagreements.Take(20))}");

        var options = new global::Json.Schema.EvaluationOptions { RequireFormatValidation = true };
        var dollar = 0;
        var unreadable = 0;
        var astral = 0;
        var exact = 0;
        for (var i = 0; i < documents.Count; i++)
        {
            bool verdict;
            try
            {
                verdict = dotnet.Evaluate(JsonDocument.Parse(documents[i].Json).RootElement, options).IsValid;
            }
            catch (InvalidOperationException) when (documents[i].Json.Contains("\\ud800", StringComparison.Ordinal))
            {
                unreadable++; // the runtime's reader cannot give a lone surrogate as a string: JsonSchema.Net has no verdict
                continue;
            }

            if (verdict == ours[i])
            {
                continue;
            }

            // Its known differences: two from running patterns with .NET's regex as it is (its $ also matches before a final
            // newline; its \p{L} does not take a letter outside the Basic Multilingual Plane, two UTF-16 units), and numbers
            // beyond a double's precision, which it compares exactly.
            if (!ours[i] && documents[i].Json.Contains("\\n\"", StringComparison.Ordinal))
            {
                dollar++;
            }
            else if (ours[i] && documents[i].Json.Contains("\\ud835\\udc9c", StringComparison.Ordinal))
            {
                astral++;
            }
            else if (documents[i].Json.Contains("168.0000000000000001", StringComparison.Ordinal))
            {
                exact++; // beyond a double's 15–17 digits: it compares the decimal exactly, JavaScript (and the hub) as a double
            }
            else
            {
                Assert.Fail($"JsonSchema.Net disagrees for another reason: {documents[i].Name} (hub and Ajv: {(ours[i] ? "valid" : "invalid")})");
            }
        }

        Console.WriteLine($"{schemaFile}: {documents.Count} documents, {ours.Count(v => !v)} refused, 0 disagreements with Ajv; JsonSchema.Net let {dollar} through with a final newline, refused {astral} with a letter outside the BMP, compared {exact} beyond a double exactly and could not read {unreadable}");
        Assert.True(documents.Count > 2500, $"{documents.Count} documents compared");
        Assert.True(dollar > 0, "the trailing newlines were not generated");
    }

    [Fact]
    public void AKeywordTheCompilerDoesNotCheck_FailsAtStartUp()
    {
        var ex = Assert.Throws<NotSupportedException>(() => CompiledJsonSchema.Compile("""{"type":"object","properties":{"a":{"type":"string","oneOf":[{"type":"string"}]}}}"""));
        Assert.Contains("oneOf", ex.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => CompiledJsonSchema.Compile("""{"type":"string","format":"email"}"""));
        Assert.Throws<NotSupportedException>(() => CompiledJsonSchema.Compile("""{"type":["string","null"]}"""));
    }

    private static IEnumerable<(string Name, string Json)> Documents()
    {
        var examples = Path.Combine(AppContext.BaseDirectory, "schemas", "examples", "attest");
        foreach (var file in Directory.EnumerateFiles(examples, "*.json", SearchOption.AllDirectories).Where(f => !f.EndsWith("expected-problems.json", StringComparison.Ordinal)))
        {
            yield return (file, File.ReadAllText(file));
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "hostile"), "*.json"))
        {
            yield return (file, File.ReadAllText(file));
        }

        foreach (var file in Directory.EnumerateFiles(Path.Combine(examples, "valid"), "*.json"))
        {
            var example = JsonNode.Parse(File.ReadAllText(file))!;
            foreach (var path in Paths(example, []))
            {
                yield return ($"{file} without {string.Join('.', path)}", Mutated(example, path, null));
                foreach (var replacement in Replacements)
                {
                    yield return ($"{file} with {string.Join('.', path)} = {replacement}", Mutated(example, path, replacement));
                }
            }

            foreach (var path in Paths(example, []).Where(p => Find(example, p) is JsonObject).Prepend([]))
            {
                yield return ($"{file} with an unknown field in {string.Join('.', path)}", Mutated(example, [.. path, "unknownField"], "1"));
            }
        }
    }

    private static IEnumerable<object[]> Paths(JsonNode node, object[] at)
    {
        IEnumerable<(object Key, JsonNode? Child)> children = node switch
        {
            JsonObject o => o.Select(p => ((object)p.Key, p.Value)),
            JsonArray a => a.Select((c, i) => ((object)i, c)),
            _ => [],
        };
        foreach (var (key, child) in children)
        {
            object[] path = [.. at, key];
            yield return path;
            if (child is not null)
            {
                foreach (var deeper in Paths(child, path))
                {
                    yield return deeper;
                }
            }
        }
    }

    private static JsonNode? Find(JsonNode node, object[] path) => path.Aggregate((JsonNode?)node, (n, k) => k is int i ? n?[i] : n?[(string)k]);

    /// <summary>The example with the value at <paramref name="path"/> removed (<paramref name="replacement"/> null) or replaced by raw JSON.</summary>
    private static string Mutated(JsonNode example, object[] path, string? replacement)
    {
        var copy = example.DeepClone();
        var parent = Find(copy, path[..^1])!;
        const string marker = "\u0001replace-me\u0001";
        switch (parent, path[^1])
        {
            case (JsonObject o, string key) when replacement is null:
                o.Remove(key);
                break;
            case (JsonArray a, int i) when replacement is null:
                a.RemoveAt(i);
                break;
            case (JsonObject o, string key):
                o[key] = marker;
                break;
            case (JsonArray a, int i):
                a[i] = marker;
                break;
        }

        var json = copy.ToJsonString();
        return replacement is null ? json : json.Replace(JsonSerializer.Serialize(marker), replacement, StringComparison.Ordinal);
    }

    /// <summary>What the intake's syntax pass lets through to the schema: well-formed UTF-8 JSON, no duplicate key, every number a decimal.</summary>
    private static bool PassesTheSyntaxCheck(byte[] bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
            var keys = new Stack<HashSet<string>>();
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keys.Push([]);
                        break;
                    case JsonTokenType.EndObject:
                        keys.Pop();
                        break;
                    case JsonTokenType.PropertyName when !keys.Peek().Add(reader.GetString()!):
                    case JsonTokenType.Number when !reader.TryGetDecimal(out _):
                        return false;
                }
            }

            return true;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
