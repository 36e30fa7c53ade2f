using System.Text.Json;
using StatuutHub.Validation.Documents;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation.Json;

/// <summary>Reads a raw JSON attest: syntax (with depth and duplicate-key checks), then the JSON
/// Schema (compiled once, run over the bytes), and only then deserialises into an <see cref="AttestDocument"/>.</summary>
internal sealed class JsonAttestReader
{
    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNameCaseInsensitive = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new IntegerAsJsonSchemaReadsIt() },
    };

    private readonly CompiledJsonSchema _schema;
    private readonly CompiledJsonSchema _schemaV2;
    private readonly IntakeLimits _limits;

    public JsonAttestReader(CompiledJsonSchema schema, CompiledJsonSchema schemaV2, IntakeLimits limits)
    {
        _schema = schema;
        _schemaV2 = schemaV2;
        _limits = limits;
    }

    public AttestDocument? Read(ReadOnlySpan<byte> utf8, List<ValidationProblem> problems)
    {
        if (!CheckSyntax(utf8, problems, out var declaresVersion))
        {
            return null;
        }

        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            problems.Add(new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.MalformedJson,
                "Het document bevat ongeldige UTF-8-tekens.", "The document contains invalid UTF-8."));
            return null;
        }

        // A document that names a contract version is a v2 document (whose schema admits only "2"); one without is v1.
        foreach (var error in (declaresVersion ? _schemaV2 : _schema).Validate(utf8, _limits.MaxJsonDepth + 1))
        {
            problems.Add(SchemaProblems.FromJsonSchema(error));
        }

        if (problems.Count > 0)
        {
            return null;
        }

        return JsonSerializer.Deserialize<AttestDocument>(utf8, SerializerOptions)?.Normalise();
    }

    /// <summary>One forward pass with the fast reader: well-formed UTF-8 JSON, depth cap, no duplicate keys.
    /// Duplicate keys are refused because readers disagree on which value wins.</summary>
    private bool CheckSyntax(ReadOnlySpan<byte> utf8, List<ValidationProblem> problems, out bool declaresVersion)
    {
        declaresVersion = false;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = _limits.MaxJsonDepth + 1, CommentHandling = JsonCommentHandling.Disallow });
        var keysPerObject = new Stack<HashSet<string>>();
        string? lastName = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= _limits.MaxJsonDepth)
                {
                    problems.Add(new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.JsonTooDeep,
                        $"Het JSON-document is dieper genest dan {_limits.MaxJsonDepth} niveaus.",
                        $"The JSON document is nested deeper than {_limits.MaxJsonDepth} levels."));
                    return false;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keysPerObject.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        keysPerObject.Pop();
                        break;
                    case JsonTokenType.Number when !reader.TryGetDecimal(out _):
                        // Every number of the contract is a decimal; one beyond its range would overflow later readers.
                        problems.Add(new ValidationProblem(lastName ?? ValidationProblem.DocumentPath, ProblemCodes.SchemaRange,
                            "Het getal is buiten elk toegelaten bereik.", "The number is outside any allowed range."));
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        lastName = name;
                        declaresVersion |= reader.CurrentDepth == 1 && name == "contractVersion";
                        if (!keysPerObject.Peek().Add(name))
                        {
                            problems.Add(new ValidationProblem(
                                name,
                                ProblemCodes.JsonDuplicateKey,
                                $"Het veld '{name}' komt meer dan eens voor in hetzelfde object.",
                                $"The field '{name}' appears more than once in the same object."));
                        }

                        break;
                }
            }
        }
        catch (InvalidOperationException)
        {
            problems.Add(new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.MalformedJson,
                "Het document bevat ongeldige UTF-8-tekens.",
                "The document contains invalid UTF-8."));
            return false;
        }
        catch (JsonException ex)
        {
            problems.Add(new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.MalformedJson,
                $"Het document is geen geldige JSON (regel {ex.LineNumber + 1}, positie {ex.BytePositionInLine + 1}).",
                $"The document is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {ex.Message}"));
            return false;
        }

        return problems.Count == 0;
    }
}

/// <summary>An integer read as JSON Schema defines one: any number with a zero fraction (3, 3.0, 3e0), which the schema
/// let through; the runtime's reader takes only the plain form.</summary>
internal sealed class IntegerAsJsonSchemaReadsIt : System.Text.Json.Serialization.JsonConverter<int>
{
    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TryGetInt32(out var plain) ? plain
        : reader.TryGetDecimal(out var number) && number == decimal.Truncate(number) && number is >= int.MinValue and <= int.MaxValue ? (int)number
        : throw new JsonException("Not an integer.");

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}

