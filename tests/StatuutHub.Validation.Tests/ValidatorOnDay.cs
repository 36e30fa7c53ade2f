using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Validation.Tests;

/// <summary>The shipped validator with "today" set to a given day, over a shipped example changed in place; and a person born
/// on a given day (an INSZ that carries that birth date).</summary>
internal static class ValidatorOnDay
{
    private static readonly Lazy<Task<AttestSchemas>> Schemas = new(() => AttestSchemas.LoadAsync(new IntakeLimits()));

    public static async Task<AttestValidationResult> ValidateAsync(string today, Action<JsonObject> change, string example = "unemployment-and-leefloon.json")
    {
        var day = DateOnly.Parse(today, CultureInfo.InvariantCulture);
        var validator = new AttestValidator(await Schemas.Value, RuleTablesJson.LoadDefault(),
            new FakeTimeProvider(new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero)));
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(ValidatorFixture.ExamplesDir("attest/valid"), example)))!.AsObject();
        change(doc);
        return validator.Validate(Encoding.UTF8.GetBytes(doc.ToJsonString()), DocumentFormat.Json);
    }

    public static void BornOn(JsonObject doc, string birthDate)
    {
        doc["participant"]!["birthDate"] = birthDate;
        doc["participant"]!["insz"] = InszFor(DateOnly.Parse(birthDate, CultureInfo.InvariantCulture));
    }

    /// <summary>A valid INSZ carrying <paramref name="birth"/> (serial 123; the check digits with a 2 before the nine digits from 2000).</summary>
    public static string InszFor(DateOnly birth)
    {
        var nine = $"{birth:yyMMdd}123";
        var n = long.Parse(nine, CultureInfo.InvariantCulture);
        var check = 97 - (int)((birth.Year >= 2000 ? 2_000_000_000L + n : n) % 97);
        return $"{nine}{check:00}";
    }
}
