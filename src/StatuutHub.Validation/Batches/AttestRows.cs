using System.Globalization;
using System.Text.Json.Nodes;

namespace StatuutHub.Validation.Batches;

/// <summary>A row of a batch file (or the web form): the attest as a contract JSON document, or why the row cannot be one.</summary>
public sealed record CsvRow(string Name, string? Json, IReadOnlyList<string> Problems);

/// <summary>One attest as flat named cells — a spreadsheet row or the web form's fields — made into a contract v1 JSON document.
/// The cells are named like the JSON contract (<c>attestId,kind,kbo,establishmentUnit,initiativeName,insz,familyName,givenName,
/// birthDate,residenceNis,landsbond,benefits,startDate,endDate,hoursPerWeek,workplace,description,expenseAllowancePerDay,daysPerWeek</c>);
/// a number may have a decimal comma (<c>4,50</c>, then a dot groups thousands); <c>benefits</c> are separated by <c>;</c>, <c>|</c>
/// or a space. The validator then judges the document exactly as one sent over the API.</summary>
public static class AttestRows
{
    /// <summary>The cells a row must have.</summary>
    public static readonly IReadOnlyList<string> Required = ["attestId", "kind", "kbo", "insz", "benefits", "startDate", "hoursPerWeek"];

    /// <summary>Where each contract path comes from: the cell a validation problem is shown beside.</summary>
    public static readonly IReadOnlyDictionary<string, string> CellOfPath = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["attestId"] = "attestId", ["kind"] = "kind", ["initiative.kbo"] = "kbo", ["initiative.establishmentUnit"] = "establishmentUnit",
        ["initiative.name"] = "initiativeName", ["participant.insz"] = "insz", ["participant.familyName"] = "familyName",
        ["participant.givenName"] = "givenName", ["participant.birthDate"] = "birthDate", ["participant.residenceNis"] = "residenceNis",
        ["participant.landsbond"] = "landsbond", ["benefits"] = "benefits", ["activity.startDate"] = "startDate", ["activity.endDate"] = "endDate",
        ["activity.hoursPerWeek"] = "hoursPerWeek", ["activity.workplace"] = "workplace", ["activity.description"] = "description",
        ["activity.expenseAllowancePerDay"] = "expenseAllowancePerDay", ["activity.daysPerWeek"] = "daysPerWeek",
    };

    /// <summary>The cell a problem at <paramref name="path"/> belongs to (<c>benefits[1]</c> → <c>benefits</c>), or null for the whole document.</summary>
    public static string? CellOf(string path)
    {
        var bare = path.Split('[')[0];
        return CellOfPath.TryGetValue(bare, out var cell) ? cell : null;
    }

    /// <summary>The document of one row; <paramref name="cell"/> gives a cell's trimmed text or null when empty.</summary>
    public static CsvRow ReadRow(string name, Func<string, string?> cell)
    {
        var problems = new List<string>();
        JsonNode? Number(string column)
        {
            if (cell(column) is not { } text)
            {
                return null;
            }

            if (ParseNumber(text) is { } value)
            {
                return JsonValue.Create(value);
            }

            problems.Add($"{column}: '{text}' is geen getal / is not a number");
            return null;
        }

        var initiative = new JsonObject { ["kbo"] = cell("kbo"), ["name"] = cell("initiativeName") };
        if (cell("establishmentUnit") is { } unit)
        {
            initiative.Insert(1, "establishmentUnit", unit);
        }

        var participant = new JsonObject
        {
            ["insz"] = cell("insz"), ["familyName"] = cell("familyName"), ["givenName"] = cell("givenName"),
            ["birthDate"] = cell("birthDate"), ["residenceNis"] = cell("residenceNis"),
        };
        if (cell("landsbond") is { } landsbond)
        {
            participant["landsbond"] = landsbond;
        }

        var activity = new JsonObject
        {
            ["startDate"] = cell("startDate"), ["endDate"] = cell("endDate"), ["hoursPerWeek"] = Number("hoursPerWeek"),
            ["workplace"] = cell("workplace"),
        };
        if (cell("description") is { } description)
        {
            activity["description"] = description;
        }

        activity["expenseAllowancePerDay"] = Number("expenseAllowancePerDay");
        if (Number("daysPerWeek") is { } days)
        {
            activity["daysPerWeek"] = days;
        }

        var benefits = new JsonArray((cell("benefits") ?? string.Empty).Split([';', '|', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => (JsonNode)JsonValue.Create(b)!).ToArray());
        var doc = new JsonObject
        {
            ["attestId"] = cell("attestId"), ["kind"] = cell("kind"), ["initiative"] = initiative, ["participant"] = participant,
            ["benefits"] = benefits, ["activity"] = activity,
        };
        // An empty cell is a missing field (the validator says "required"), not a null of the wrong type.
        DropEmpty(doc);
        return problems.Count == 0 ? new CsvRow(name, doc.ToJsonString(), []) : new CsvRow(name, null, problems);
    }

    private static void DropEmpty(JsonObject node)
    {
        foreach (var (key, value) in node.ToList())
        {
            if (value is null)
            {
                node.Remove(key);
            }
            else if (value is JsonObject inner)
            {
                DropEmpty(inner);
            }
        }
    }

    /// <summary><c>4.50</c>, <c>4,50</c>, <c>1.234,50</c>, <c>16</c>; null for anything else.</summary>
    public static decimal? ParseNumber(string text)
    {
        var invariant = text.Contains(',', StringComparison.Ordinal)
            ? text.Replace(".", string.Empty, StringComparison.Ordinal).Replace(',', '.')
            : text;
        return decimal.TryParse(invariant, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
