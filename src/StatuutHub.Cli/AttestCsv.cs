using System.Text;
using System.Text.Json.Nodes;

namespace StatuutHub.Cli;

/// <summary>Batch files from spreadsheets: one attest per row, columns named like the JSON contract
/// (<c>attestId,kind,kbo,establishmentUnit,initiativeName,insz,familyName,givenName,birthDate,residenceNis,
/// landsbond,benefits,startDate,endDate,hoursPerWeek,workplace,description,expenseAllowancePerDay,daysPerWeek</c>);
/// <c>benefits</c> separated by <c>;</c>; fields with commas in double quotes. Each row becomes a contract JSON document.</summary>
public static class AttestCsv
{
    public static IEnumerable<(string Name, string Json)> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = Split(reader.ReadLine() ?? throw new InvalidDataException("The CSV file is empty."));
        string? line;
        var row = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            row++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var cells = Split(line);
            string? Cell(string name)
            {
                var i = Array.IndexOf(header, name);
                return i >= 0 && i < cells.Length && cells[i].Length > 0 ? cells[i] : null;
            }

            JsonNode? Number(string name) => Cell(name) is { } v && decimal.TryParse(v, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : (JsonNode?)Cell(name);
            var initiative = new JsonObject { ["kbo"] = Cell("kbo"), ["name"] = Cell("initiativeName") };
            if (Cell("establishmentUnit") is { } unit)
            {
                initiative.Insert(1, "establishmentUnit", unit);
            }

            var participant = new JsonObject
            {
                ["insz"] = Cell("insz"), ["familyName"] = Cell("familyName"), ["givenName"] = Cell("givenName"),
                ["birthDate"] = Cell("birthDate"), ["residenceNis"] = Cell("residenceNis"),
            };
            if (Cell("landsbond") is { } landsbond)
            {
                participant["landsbond"] = landsbond;
            }

            var activity = new JsonObject
            {
                ["startDate"] = Cell("startDate"), ["endDate"] = Cell("endDate"), ["hoursPerWeek"] = Number("hoursPerWeek"),
                ["workplace"] = Cell("workplace"),
            };
            if (Cell("description") is { } description)
            {
                activity["description"] = description;
            }

            activity["expenseAllowancePerDay"] = Number("expenseAllowancePerDay");
            if (Cell("daysPerWeek") is { } days && int.TryParse(days, System.Globalization.CultureInfo.InvariantCulture, out var d))
            {
                activity["daysPerWeek"] = d;
            }

            var benefits = new JsonArray((Cell("benefits") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(b => (JsonNode)JsonValue.Create(b)!).ToArray());
            var doc = new JsonObject
            {
                ["attestId"] = Cell("attestId"), ["kind"] = Cell("kind"), ["initiative"] = initiative, ["participant"] = participant,
                ["benefits"] = benefits, ["activity"] = activity,
            };
            yield return ($"{Path.GetFileName(path)}:{row}", doc.ToJsonString());
        }
    }

    private static string[] Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString().Trim());
        return cells.ToArray();
    }
}
