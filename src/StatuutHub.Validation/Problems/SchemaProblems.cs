using System.Text.RegularExpressions;
using StatuutHub.Validation.Json;

namespace StatuutHub.Validation.Problems;

/// <summary>Turns the schema validators' findings (the compiled JSON Schema, System.Xml.Schema for XML)
/// into problems with the same paths and codes, so a client sees one vocabulary for both.</summary>
public static partial class SchemaProblems
{
    private static readonly Dictionary<string, (string Nl, string En)> Messages = new(StringComparer.Ordinal)
    {
        [ProblemCodes.SchemaRequired] = ("Verplicht veld ontbreekt.", "Required field is missing."),
        [ProblemCodes.SchemaUnknownField] = ("Dit veld bestaat niet in het contract.", "This field is not part of the contract."),
        [ProblemCodes.SchemaType] = ("De waarde heeft het verkeerde type.", "The value has the wrong type."),
        [ProblemCodes.SchemaPattern] = ("De waarde heeft niet de verwachte vorm.", "The value does not have the expected form."),
        [ProblemCodes.SchemaEnum] = ("De waarde is geen van de toegelaten waarden.", "The value is not one of the allowed values."),
        [ProblemCodes.SchemaRange] = ("De waarde ligt buiten de toegelaten grenzen.", "The value is outside the allowed range."),
        [ProblemCodes.SchemaLength] = ("De tekst is te kort of te lang.", "The text is too short or too long."),
        [ProblemCodes.SchemaDate] = ("Geen geldige datum (verwacht: JJJJ-MM-DD).", "Not a valid date (expected YYYY-MM-DD)."),
        [ProblemCodes.SchemaDuplicateItem] = ("Dezelfde waarde staat meer dan eens in de lijst.", "The same value appears more than once in the list."),
        [ProblemCodes.SchemaInvalid] = ("Het document voldoet niet aan het schema.", "The document does not match the schema."),
    };

    public static ValidationProblem Create(string path, string code, string? detail = null)
    {
        var (nl, en) = Messages[code];
        return new ValidationProblem(path, code, nl, detail is null ? en : $"{en} {detail}");
    }

    public static ValidationProblem FromJsonSchema(SchemaError error)
    {
        var code = error.Kind switch
        {
            SchemaErrorKind.PropertyRequired => ProblemCodes.SchemaRequired,
            SchemaErrorKind.NoAdditionalPropertiesAllowed => ProblemCodes.SchemaUnknownField,
            SchemaErrorKind.PatternMismatch => ProblemCodes.SchemaPattern,
            SchemaErrorKind.NotInEnumeration => ProblemCodes.SchemaEnum,
            SchemaErrorKind.NumberTooSmall or SchemaErrorKind.NumberTooBig or SchemaErrorKind.TooManyItems or SchemaErrorKind.TooFewItems => ProblemCodes.SchemaRange,
            SchemaErrorKind.StringTooShort or SchemaErrorKind.StringTooLong => ProblemCodes.SchemaLength,
            SchemaErrorKind.DateExpected => ProblemCodes.SchemaDate,
            SchemaErrorKind.ItemsNotUnique => ProblemCodes.SchemaDuplicateItem,
            SchemaErrorKind.StringExpected or SchemaErrorKind.NumberExpected or SchemaErrorKind.IntegerExpected
                or SchemaErrorKind.BooleanExpected or SchemaErrorKind.ObjectExpected or SchemaErrorKind.ArrayExpected
                or SchemaErrorKind.NullExpected => ProblemCodes.SchemaType,
            _ => ProblemCodes.SchemaInvalid,
        };
        return Create(error.Path, code, $"({error.Kind})");
    }

    /// <summary>Classifies a System.Xml.Schema message. The runtime's texts are English under invariant
    /// globalisation; what is not recognised stays a generic schema problem with the text attached.</summary>
    /// <param name="path">The path of the element the message is about.</param>
    /// <param name="message">The validator's message.</param>
    /// <param name="isDeclared">Whether an element name is declared anywhere in the schema.</param>
    public static ValidationProblem FromXmlSchema(string path, string message, Func<string, bool> isDeclared)
    {
        if (HasInvalidChild().Match(message) is { Success: true } invalidChild)
        {
            // The XSD is a plain sequence: a declared element in the wrong place means the one that
            // was due (the first expected) is missing; an undeclared one is simply unknown.
            var child = invalidChild.Groups["child"].Value;
            var expected = ExpectedList().Match(message);
            var parent = ParentOf(path);
            return expected.Success && isDeclared(child)
                ? Create(Join(parent, expected.Groups["first"].Value), ProblemCodes.SchemaRequired)
                : Create(Join(parent, child), ProblemCodes.SchemaUnknownField);
        }

        if (IncompleteContent().IsMatch(message))
        {
            var expected = ExpectedList().Match(message);
            return Create(expected.Success ? Join(path, expected.Groups["first"].Value) : path, ProblemCodes.SchemaRequired);
        }

        var code = message switch
        {
            _ when message.Contains("Pattern constraint failed", StringComparison.Ordinal) => ProblemCodes.SchemaPattern,
            _ when message.Contains("Enumeration constraint failed", StringComparison.Ordinal) => ProblemCodes.SchemaEnum,
            _ when message.Contains("Inclusive constraint failed", StringComparison.Ordinal)
                || message.Contains("Exclusive constraint failed", StringComparison.Ordinal) => ProblemCodes.SchemaRange,
            _ when message.Contains("Length constraint failed", StringComparison.Ordinal)
                || message.Contains("MaxLength value", StringComparison.Ordinal)
                || message.Contains("MinLength value", StringComparison.Ordinal) => ProblemCodes.SchemaLength,
            _ when message.Contains("XMLSchema:date'", StringComparison.Ordinal) => ProblemCodes.SchemaDate,
            _ when message.Contains("duplicate key sequence", StringComparison.Ordinal) => ProblemCodes.SchemaDuplicateItem,
            _ when message.Contains("is invalid according to its datatype", StringComparison.Ordinal) => ProblemCodes.SchemaType,
            _ when message.Contains("cannot contain text", StringComparison.Ordinal)
                || message.Contains("cannot contain child element", StringComparison.Ordinal)
                || message.Contains("text only", StringComparison.Ordinal) => ProblemCodes.SchemaType,
            _ when message.Contains("attribute is not declared", StringComparison.Ordinal) => ProblemCodes.SchemaUnknownField,
            _ => ProblemCodes.SchemaInvalid,
        };
        if (code == ProblemCodes.SchemaDuplicateItem && path.EndsWith(']'))
        {
            path = ParentOf(path); // the list is at fault, as JSON Schema's uniqueItems reports it
        }

        return Create(path, code, code == ProblemCodes.SchemaInvalid ? message : null);
    }

    private static string ParentOf(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? string.Empty : path[..cut];
    }

    private static string Join(string parent, string child) => parent.Length == 0 ? child : $"{parent}.{child}";

    [GeneratedRegex(@"has invalid child element '(?<child>[^']+)'")]
    private static partial Regex HasInvalidChild();

    [GeneratedRegex(@"has incomplete content")]
    private static partial Regex IncompleteContent();

    [GeneratedRegex(@"List of possible elements expected: '(?<first>[^' ]+)'")]
    private static partial Regex ExpectedList();
}
