using System.Globalization;
using System.Text;
using System.Text.Json;

namespace StatuutHub.Validation.Json;

/// <summary>Runs a <see cref="CompiledJsonSchema"/> over the reader in one forward pass. The order of the findings
/// for one value is NJsonSchema's: the array's own checks and its items, the string's, the number's, a wrong type,
/// the enum, then the object's properties in the schema's order (a missing required one where it would be), then
/// the properties the schema does not know, in the document's order.</summary>
internal static class SchemaWalk
{
    /// <summary>Checks the value the reader stands on (its first token) and leaves the reader on its last token.</summary>
    public static void Value(ref Utf8JsonReader reader, SchemaNode schema, string path, List<SchemaError> errors)
    {
        var s = schema.Actual;
        var token = reader.TokenType;
        string? text = null; // the value as NJsonSchema's token would print it, for the enum

        if (token == JsonTokenType.StartArray)
        {
            Array(ref reader, s, path, errors);
        }
        else if (s.Type == SchemaType.Array)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.ArrayExpected));
        }

        if (token == JsonTokenType.String)
        {
            text = ReadString(ref reader);
            String(text, s, path, errors);
        }
        else if (s.Type == SchemaType.String)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.StringExpected));
        }

        if (s.Type == SchemaType.Number && token != JsonTokenType.Number)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.NumberExpected));
        }

        // JSON Schema's integer is any number with a zero fraction: 3, 3.0, 3e0 and -0 alike.
        var isInteger = false;
        if (token == JsonTokenType.Number)
        {
            (var value, text) = ReadNumber(ref reader);
            isInteger = value == decimal.Truncate(value);
            Range(value, s, path, errors);
        }

        if (s.Type == SchemaType.Integer && !isInteger)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.IntegerExpected));
        }

        if (s.Type == SchemaType.Boolean && token is not (JsonTokenType.True or JsonTokenType.False))
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.BooleanExpected));
        }

        if (s.Type == SchemaType.Null && token != JsonTokenType.Null)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.NullExpected));
        }

        if (s.Type == SchemaType.Object && token != JsonTokenType.StartObject)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.ObjectExpected));
        }

        text ??= LiteralText(token); // an object or array prints as JSON, which no string of an enum here equals
        if (s.Enum is { } allowed && (text is null || System.Array.IndexOf(allowed, text) < 0))
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.NotInEnumeration));
        }

        if (token == JsonTokenType.StartObject)
        {
            Object(ref reader, s, path, errors);
        }
        else
        {
            // Not an object: each required property is reported missing, as NJsonSchema does.
            foreach (var property in s.Properties.Where(p => p.Required))
            {
                errors.Add(new SchemaError(Join(path, property.Name), SchemaErrorKind.PropertyRequired));
            }

            foreach (var name in s.RequiredElsewhere)
            {
                errors.Add(new SchemaError(Join(path, name), SchemaErrorKind.PropertyRequired));
            }
        }
    }

    private static void Array(ref Utf8JsonReader reader, SchemaNode s, string path, List<SchemaError> errors)
    {
        var itemErrors = new List<SchemaError>();
        var seen = s.UniqueItems ? new HashSet<string>(StringComparer.Ordinal) : null;
        var duplicate = false;
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (seen is not null && !seen.Add(ItemKey(reader)))
            {
                duplicate = true;
            }

            if (s.Items is { } items)
            {
                Value(ref reader, items, path + "[" + count.ToString(CultureInfo.InvariantCulture) + "]", itemErrors);
            }
            else
            {
                reader.Skip();
            }

            count++;
        }

        if (s.MinItems > 0 && count < s.MinItems)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.TooFewItems));
        }

        if (s.MaxItems > 0 && count > s.MaxItems)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.TooManyItems));
        }

        if (duplicate)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.ItemsNotUnique));
        }

        errors.AddRange(itemErrors);
    }

    private static void String(string value, SchemaNode s, string path, List<SchemaError> errors)
    {
        if (s.Pattern is { } pattern && !pattern.IsMatch(value))
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.PatternMismatch));
        }

        // A string's length in JSON Schema counts characters (code points), not UTF-16 units: an emoji or a letter outside the
        // Basic Multilingual Plane is one. A lone surrogate counts as one, as JavaScript's validators count it.
        var length = s.MinLength is null && s.MaxLength is null ? 0 : CodePoints(value);
        if (s.MinLength is { } min && length < min)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.StringTooShort));
        }

        if (s.MaxLength is { } max && length > max)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.StringTooLong));
        }

        if (s.IsDate && !(DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Date == day))
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.DateExpected));
        }
    }

    /// <summary>The number as NJsonSchema's reader holds it — an integer literal exactly, any other as a double, then as a
    /// decimal of at most 15 significant digits (the runtime's conversion) — and as that reader prints it.</summary>
    private static (decimal Value, string Printed) ReadNumber(ref Utf8JsonReader reader)
    {
        if (IsIntegerLiteral(reader.ValueSpan) && reader.TryGetDecimal(out var exact))
        {
            return (exact, exact.ToString(CultureInfo.InvariantCulture));
        }

        var real = reader.GetDouble();
        try
        {
            return ((decimal)real, real.ToString(CultureInfo.InvariantCulture));
        }
        catch (OverflowException)
        {
            return (real > 0 ? decimal.MaxValue : decimal.MinValue, real.ToString(CultureInfo.InvariantCulture)); // beyond every bound of the contract either way
        }
    }

    /// <summary>How true, false and null print (NJsonSchema compares enums and unique items by the printed form); null for anything else.</summary>
    private static string? LiteralText(JsonTokenType token) => token switch
    {
        JsonTokenType.True => "True",
        JsonTokenType.False => "False",
        JsonTokenType.Null => string.Empty,
        _ => null,
    };

    private static void Range(decimal value, SchemaNode s, string path, List<SchemaError> errors)
    {
        if (s.Minimum is { } minimum && value < minimum)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.NumberTooSmall));
        }

        if (s.Maximum is { } maximum && value > maximum)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.NumberTooBig));
        }

        if (s.ExclusiveMinimum is { } above && value <= above)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.NumberTooSmall));
        }

        if (s.ExclusiveMaximum is { } below && value >= below)
        {
            errors.Add(new SchemaError(path, SchemaErrorKind.NumberTooBig));
        }
    }

    private static void Object(ref Utf8JsonReader reader, SchemaNode s, string path, List<SchemaError> errors)
    {
        var found = new List<SchemaError>?[s.Properties.Count];
        List<string>? unknown = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            var index = s.Properties.FindIndex(p => p.Name == name);
            if (index >= 0)
            {
                found[index] = [];
                Value(ref reader, s.Properties[index].Schema, Join(path, name), found[index]!);
            }
            else
            {
                (unknown ??= []).Add(name);
                reader.Skip();
            }
        }

        for (var i = 0; i < s.Properties.Count; i++)
        {
            if (found[i] is { } propertyErrors)
            {
                errors.AddRange(propertyErrors);
            }
            else if (s.Properties[i].Required)
            {
                errors.Add(new SchemaError(Join(path, s.Properties[i].Name), SchemaErrorKind.PropertyRequired));
            }
        }

        foreach (var name in s.RequiredElsewhere.Where(r => unknown?.Contains(r) != true))
        {
            errors.Add(new SchemaError(Join(path, name), SchemaErrorKind.PropertyRequired));
        }

        if (!s.AdditionalAllowed && unknown is not null)
        {
            errors.AddRange(unknown.Select(name => new SchemaError(Join(path, name), SchemaErrorKind.NoAdditionalPropertiesAllowed)));
        }
    }

    /// <summary>What makes two items "the same" for uniqueItems: their printed form (a string as itself, true as True),
    /// compact JSON for an object or array.</summary>
    private static string ItemKey(Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => ReadString(ref reader),
        JsonTokenType.Number => ReadNumber(ref reader).Printed,
        var token => LiteralText(token) ?? Compact(ref reader),
    };

    // NJsonSchema's reader keeps a number without a fraction or exponent as an integer, any other as a double.
    private static bool IsIntegerLiteral(ReadOnlySpan<byte> number) => number.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;

    private static string Compact(ref Utf8JsonReader reader)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            JsonElement.ParseValue(ref reader).WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The string value; a lone surrogate escape (<c>\ud800</c>), which the runtime's reader will not turn into a
    /// string, is kept as the single char it stands for, as NJsonSchema's reader keeps it.</summary>
    private static string ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Unescape(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
        }
    }

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        var start = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != (byte)'\\')
            {
                continue;
            }

            text.Append(Encoding.UTF8.GetString(raw[start..i]));
            var escape = (char)raw[++i];
            if (escape == 'u')
            {
                text.Append((char)int.Parse(Encoding.ASCII.GetString(raw.Slice(i + 1, 4)), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 4;
            }
            else
            {
                text.Append(escape switch { 'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t', _ => escape });
            }

            start = i + 1;
        }

        return text.Append(Encoding.UTF8.GetString(raw[start..])).ToString();
    }

    private static int CodePoints(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
