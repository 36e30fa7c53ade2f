using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;
using StatuutHub.Validation.Json;

namespace StatuutHub.Validation.Tests;

/// <summary>The compiled JSON Schema validator the intake runs finds exactly what NJsonSchema (the validator it replaced)
/// finds — the same kinds, paths and order — on every example, every REST document of the hostile corpus, and
/// thousands of documents made from the valid examples by breaking one field at a time; for both contracts.</summary>
public sealed class CompiledSchemaEquivalenceTests
{
    private static readonly string Schemas = Path.Combine(AppContext.BaseDirectory, "schemas", "attest");

    // What a field is replaced with: every JSON type, bounds, lengths, dates, and escapes the runtime's reader handles differently.
    private static readonly string[] Replacements =
    [
        "null", "true", "false", "0", "-1", "1.5", "1e2", "7", "8", "168", "168.0000000000000001", "168.01", "0.0000001", "-0", "100000000000000000000",
        "\"\"", "\"x\"", "\"2\"", "\"True\"", "\"12345\"", "\"12345\\n\"", "\"2024-02-29\"", "\"2023-02-29\"", "\" 2024-01-01\"", "\"\\ud800\"", "\"\\u00e9t\\u00e9\"",
        .. new[] { 100, 101, 200, 201, 1000, 1001 }.Select(n => "\"" + new string('a', n) + "\""), "[]", "[\"UNEMPLOYMENT\",\"UNEMPLOYMENT\"]", "[1,1]", "[{},{}]",
        "[\"UNEMPLOYMENT\",\"INCAPACITY\",\"SOCIAL_INTEGRATION\",\"DISABILITY_ALLOWANCE\",\"OTHER\"]", "{}", "{\"x\":1}",
    ];

    public static TheoryData<string> SchemaFiles() => ["attest-v1.schema.json", "attest-v2.schema.json"];

    [Theory]
    [MemberData(nameof(SchemaFiles))]
    public async Task EveryDocument_GetsTheSameFindings_AsFromNJsonSchema(string schemaFile)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Schemas, schemaFile));
        var reference = await JsonSchema.FromJsonAsync(text);
        var compiled = CompiledJsonSchema.Compile(text);

        var compared = 0;
        var withFindings = 0;
        foreach (var (name, document) in Documents())
        {
            var bytes = Encoding.UTF8.GetBytes(document);
            if (!PassesTheSyntaxCheck(bytes))
            {
                continue; // refused before any schema runs (duplicate keys, malformed, out-of-range numbers)
            }

            var actual = compiled.Validate(bytes, 64).Select(e => e.ToString()).ToList();
            List<string> expected;
            try
            {
                expected = Flatten(reference.Validate(document)).Select(e => $"{PathOf(e)}: {e.Kind}").ToList();
            }
            catch (InvalidCastException) when (document.Contains("100000000000000000000", StringComparison.Ordinal))
            {
                // NJsonSchema cannot range-check an integer beyond 64 bits (it throws, which the intake answered with a 500);
                // the compiled validator checks it as a decimal.
                Assert.Contains(actual, a => a.EndsWith("NumberTooBig", StringComparison.Ordinal) || a.EndsWith("Expected", StringComparison.Ordinal) || a.EndsWith("NotInEnumeration", StringComparison.Ordinal));
                continue;
            }

            Assert.True(expected.SequenceEqual(actual), $"{name}\nNJsonSchema: {string.Join(" | ", expected)}\ncompiled:    {string.Join(" | ", actual)}");
            compared++;
            withFindings += expected.Count > 0 ? 1 : 0;
        }

        Assert.True(compared > 2000, $"{compared} documents compared");
        Console.WriteLine($"{schemaFile}: {compared} compared, {withFindings} with findings");
        Assert.True(withFindings > 1500, $"{withFindings} with findings");
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

    private static string PathOf(ValidationError error)
    {
        var path = error.Path ?? string.Empty;
        return path.StartsWith("#/", StringComparison.Ordinal) ? path[2..] : path.TrimStart('#');
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e => e is ChildSchemaValidationError child ? Flatten(child.Errors.SelectMany(c => c.Value)) : [e]);
}
