using System.Globalization;
using System.Text.Json;

namespace StatuutHub.Validation.Json;

/// <summary>A JSON Schema (the draft-07 subset the attest contract uses) compiled once into a tree of checks that
/// <see cref="SchemaWalk"/> runs over a <see cref="Utf8JsonReader"/>: no token tree, no second parse. Its verdicts are JSON
/// Schema's: patterns as ECMA-262 reads them (<see cref="EcmaPattern"/>), an integer by its value (3.0 is one), a string's
/// length in code points; proven by a differential test against Ajv over every example, the hostile corpus and some 24,000
/// mutated documents per contract. Findings are named and ordered as NJsonSchema, the validator it replaced, named them. A
/// keyword outside the subset fails at start-up instead of being ignored, so the contract cannot quietly weaken when the
/// schema grows.</summary>
public sealed class CompiledJsonSchema
{
    // What the compiler understands; annotations are read and ignored, anything else is refused.
    private static readonly HashSet<string> Checks = new(StringComparer.Ordinal)
    {
        "type", "properties", "required", "additionalProperties", "pattern", "enum", "$ref", "items", "minItems", "maxItems", "uniqueItems",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "format", "definitions",
    };

    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$id", "title", "description", "$comment", "examples" };

    private CompiledJsonSchema(SchemaNode root) => Root = root;

    internal SchemaNode Root { get; }

    /// <summary>Compiles the schema text; throws <see cref="NotSupportedException"/> for a keyword or form it does not check.</summary>
    public static CompiledJsonSchema Compile(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        var definitions = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        var pending = new List<(SchemaNode Node, string Ref)>();
        if (document.RootElement.TryGetProperty("definitions", out var defs))
        {
            foreach (var def in defs.EnumerateObject())
            {
                definitions[$"#/definitions/{def.Name}"] = Node(def.Value, pending);
            }
        }

        var root = Node(document.RootElement, pending);
        foreach (var (node, reference) in pending)
        {
            node.Target = definitions.GetValueOrDefault(reference) ?? throw new NotSupportedException($"Unresolved $ref '{reference}'.");
        }

        return new CompiledJsonSchema(root);
    }

    /// <summary>Checks a document that is already known to be well-formed JSON within the depth cap; the findings in
    /// NJsonSchema's order (type, enum, then properties in the schema's order, then unknown properties).</summary>
    public IReadOnlyList<SchemaError> Validate(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var errors = new List<SchemaError>();
        reader.Read();
        SchemaWalk.Value(ref reader, Root, string.Empty, errors);
        return errors;
    }

    private static SchemaNode Node(JsonElement schema, List<(SchemaNode, string)> pending)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new NotSupportedException("A schema must be an object.");
        }

        var node = new SchemaNode();
        foreach (var keyword in schema.EnumerateObject())
        {
            if (!Checks.Contains(keyword.Name) && !Annotations.Contains(keyword.Name))
            {
                throw new NotSupportedException($"The schema keyword '{keyword.Name}' is not checked by the compiled validator.");
            }
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            if (schema.EnumerateObject().Any(k => !Annotations.Contains(k.Name) && k.Name != "$ref"))
            {
                throw new NotSupportedException("A $ref with keywords beside it is not supported.");
            }

            pending.Add((node, reference.GetString()!));
            return node;
        }

        node.Type = schema.TryGetProperty("type", out var type) ? TypeOf(type) : SchemaType.None;
        var required = schema.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(r => r.GetString()!).ToList() : [];
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in properties.EnumerateObject())
            {
                node.Properties.Add(new SchemaProperty(property.Name, Node(property.Value, pending), required.Contains(property.Name)));
            }
        }

        node.RequiredElsewhere = [.. required.Where(r => node.Properties.All(p => p.Name != r))];
        node.AdditionalAllowed = !schema.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new NotSupportedException("additionalProperties must be true or false."),
        };
        node.Pattern = schema.TryGetProperty("pattern", out var pattern) ? EcmaPattern.Compile(pattern.GetString()!) : null;
        node.Enum = schema.TryGetProperty("enum", out var values)
            ? [.. values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new NotSupportedException("Only string enums are supported."))]
            : null;
        node.Items = schema.TryGetProperty("items", out var items) ? Node(items, pending) : null;
        node.MinItems = Count(schema, "minItems");
        node.MaxItems = Count(schema, "maxItems");
        node.UniqueItems = schema.TryGetProperty("uniqueItems", out var unique) && unique.GetBoolean();
        node.MinLength = schema.TryGetProperty("minLength", out var minLength) ? minLength.GetInt32() : null;
        node.MaxLength = schema.TryGetProperty("maxLength", out var maxLength) ? maxLength.GetInt32() : null;
        node.Minimum = Bound(schema, "minimum");
        node.Maximum = Bound(schema, "maximum");
        node.ExclusiveMinimum = Bound(schema, "exclusiveMinimum");
        node.ExclusiveMaximum = Bound(schema, "exclusiveMaximum");
        node.IsDate = schema.TryGetProperty("format", out var format) && (format.GetString() == "date"
            ? true
            : throw new NotSupportedException($"The format '{format.GetString()}' is not checked by the compiled validator."));
        return node;
    }

    private static SchemaType TypeOf(JsonElement type) => type.ValueKind == JsonValueKind.String
        ? type.GetString() switch
        {
            "array" => SchemaType.Array,
            "boolean" => SchemaType.Boolean,
            "integer" => SchemaType.Integer,
            "null" => SchemaType.Null,
            "number" => SchemaType.Number,
            "object" => SchemaType.Object,
            "string" => SchemaType.String,
            var other => throw new NotSupportedException($"Unknown type '{other}'."),
        }
        : throw new NotSupportedException("A list of types is not supported.");

    // NJsonSchema treats 0 as "no limit" for minItems and maxItems.
    private static int Count(JsonElement schema, string name) => schema.TryGetProperty(name, out var value) ? value.GetInt32() : 0;

    private static decimal? Bound(JsonElement schema, string name) => schema.TryGetProperty(name, out var value)
        ? value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : throw new NotSupportedException($"{name} must be a number (draft-07).")
        : null;
}

/// <summary>One finding: where (<c>participant.insz</c>, <c>benefits[1]</c>) and what, named as NJsonSchema names it.</summary>
public readonly record struct SchemaError(string Path, SchemaErrorKind Kind)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Path}: {Kind}");
}

/// <summary>The kinds of finding the compiled validator reports (the names of NJsonSchema's <c>ValidationErrorKind</c>).</summary>
public enum SchemaErrorKind
{
    PropertyRequired,
    NoAdditionalPropertiesAllowed,
    PatternMismatch,
    NotInEnumeration,
    NumberTooSmall,
    NumberTooBig,
    TooFewItems,
    TooManyItems,
    ItemsNotUnique,
    StringTooShort,
    StringTooLong,
    DateExpected,
    ArrayExpected,
    StringExpected,
    NumberExpected,
    IntegerExpected,
    BooleanExpected,
    NullExpected,
    ObjectExpected,
}

/// <summary>The JSON types a schema node may demand (one per node in this subset).</summary>
internal enum SchemaType
{
    None,
    Array,
    Boolean,
    Integer,
    Null,
    Number,
    Object,
    String,
}

internal sealed record SchemaProperty(string Name, SchemaNode Schema, bool Required);

/// <summary>One compiled schema: the checks of its keywords, or (<see cref="Target"/>) the definition a $ref names.</summary>
internal sealed class SchemaNode
{
    public SchemaNode? Target { get; set; }

    public SchemaType Type { get; set; }

    public List<SchemaProperty> Properties { get; } = [];

    public string[] RequiredElsewhere { get; set; } = [];

    public bool AdditionalAllowed { get; set; } = true;

    public EcmaPattern? Pattern { get; set; }

    public string[]? Enum { get; set; }

    public SchemaNode? Items { get; set; }

    public int MinItems { get; set; }

    public int MaxItems { get; set; }

    public bool UniqueItems { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public decimal? Minimum { get; set; }

    public decimal? Maximum { get; set; }

    public decimal? ExclusiveMinimum { get; set; }

    public decimal? ExclusiveMaximum { get; set; }

    public bool IsDate { get; set; }

    /// <summary>The node whose checks apply (a $ref's definition, followed to the end).</summary>
    public SchemaNode Actual
    {
        get
        {
            var node = this;
            while (node.Target is { } target)
            {
                node = target;
            }

            return node;
        }
    }
}
