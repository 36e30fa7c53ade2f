using System.Text;
using StatuutHub.Host.Dashboard;
using StatuutHub.Validation.Batches;
using StatuutHub.Validation.Problems;
using static StatuutHub.Host.Dashboard.Page;

namespace StatuutHub.Host.Portal;

/// <summary>The web form for one attest: the same cells as a batch file's columns (<see cref="AttestRows"/>), so the form, a CSV row
/// and an Excel row become the same contract document and meet the same validator. Problems are shown in a summary that links
/// to each field and again beside the field, in Dutch (English with <c>?lang=en</c>).</summary>
public static class AttestForm
{
    /// <summary>One field: its cell name, label and hint in both languages, its input type, and whether the contract requires it.</summary>
    public sealed record Field(string Name, string Nl, string En, string Type = "text", bool Required = true, string? HintNl = null, string? HintEn = null,
        string? Autocomplete = null, string? InputMode = null);

    /// <summary>The kinds and benefits as the contract names them, with their Dutch and English labels.</summary>
    public static readonly (string Value, string Nl, string En)[] Kinds =
        [("AMA_WSE", "Arbeidsmatige activiteit (werk en sociale economie)", "Work-like activity (work and social economy)"),
         ("AMA_WVG", "Arbeidsmatige activiteit in het kader van het gezondheids- en welzijnsbeleid (Departement Zorg)", "Work-like activity under the health and welfare policy (Departement Zorg)")];

    public static readonly (string Value, string Nl, string En)[] Benefits =
        [("UNEMPLOYMENT", "Werkloosheidsuitkering", "Unemployment benefit"),
         ("INCAPACITY", "Arbeidsongeschiktheidsuitkering (ziekenfonds)", "Incapacity benefit (health insurance fund)"),
         ("SOCIAL_INTEGRATION", "Leefloon (OCMW)", "Social integration income (OCMW)"),
         ("DISABILITY_ALLOWANCE", "Tegemoetkoming voor personen met een handicap", "Disability allowance")];

    public static readonly Field[] Fields =
    [
        new("initiativeName", "Naam van het initiatief", "Name of the initiative", Autocomplete: "organization"),
        new("establishmentUnit", "Vestigingseenheid", "Establishment unit", Required: false, HintNl: "10 cijfers, als het attest voor één vestiging is", HintEn: "10 digits, when the attest is for one establishment", InputMode: "numeric"),
        new("insz", "INSZ (rijksregisternummer) van de deelnemer", "The participant's INSZ (national register number)", HintNl: "11 cijfers, met of zonder punten en streepjes", HintEn: "11 digits, with or without dots and dashes", Autocomplete: "off", InputMode: "numeric"),
        new("familyName", "Familienaam", "Family name", Autocomplete: "off"),
        new("givenName", "Voornaam", "Given name", Autocomplete: "off"),
        new("birthDate", "Geboortedatum", "Date of birth", Type: "date", HintNl: "JJJJ-MM-DD, bv. 1979-12-04", HintEn: "YYYY-MM-DD, e.g. 1979-12-04", Autocomplete: "off"),
        new("residenceNis", "NIS-code van de woonplaats", "NIS code of the place of residence", HintNl: "5 cijfers, bv. 11002 voor Antwerpen", HintEn: "5 digits, e.g. 11002 for Antwerp", InputMode: "numeric"),
        new("landsbond", "Landsbond van het ziekenfonds", "National union of the health insurance fund", Required: false, HintNl: "3 cijfers, bij een arbeidsongeschiktheidsuitkering", HintEn: "3 digits, with an incapacity benefit", InputMode: "numeric"),
        new("startDate", "Eerste dag van de activiteit", "First day of the activity", Type: "date", HintNl: "JJJJ-MM-DD", HintEn: "YYYY-MM-DD"),
        new("endDate", "Laatste dag van de activiteit", "Last day of the activity", Type: "date", HintNl: "JJJJ-MM-DD", HintEn: "YYYY-MM-DD"),
        new("hoursPerWeek", "Uren per week", "Hours per week", Type: "number"),
        new("daysPerWeek", "Dagen per week", "Days per week", Type: "number", Required: false),
        new("workplace", "Werkplek", "Workplace", HintNl: "waar de deelnemer werkt, bv. Kringwinkel, Antwerpen", HintEn: "where the participant works, e.g. Kringwinkel, Antwerp"),
        new("description", "Omschrijving van de activiteit", "Description of the activity", Type: "textarea", Required: false),
        new("expenseAllowancePerDay", "Onkostenvergoeding per dag (euro)", "Expense allowance per day (euro)", Type: "number", HintNl: "0 als er geen is; een komma mag", HintEn: "0 when there is none; a decimal comma is fine"),
    ];

    /// <summary>The form as HTML: every field labelled, hints and problems tied to it with <c>aria-describedby</c>, problems first in a
    /// summary that takes the focus target.</summary>
    public static string Render(Page page, string antiforgeryForm, IReadOnlyDictionary<string, string> values, IReadOnlyList<ValidationProblem> problems)
    {
        var l = page.L;
        string Text(string nl, string en) => l.English ? en : nl;
        var byCell = problems.GroupBy(p => AttestRows.CellOf(p.Path) ?? string.Empty).ToDictionary(g => g.Key, g => g.ToList());
        var html = new StringBuilder();
        if (problems.Count > 0)
        {
            html.Append($"<div class=\"summary\" id=\"problems\" role=\"alert\" tabindex=\"-1\"><h2>{E(l["problemsTitle"])}</h2><ul>");
            foreach (var p in problems)
            {
                var cell = AttestRows.CellOf(p.Path);
                var text = E(l.English ? p.MessageEn : p.MessageNl);
                html.Append(cell is null ? $"<li data-code=\"{E(p.Code)}\">{text}</li>" : $"<li data-code=\"{E(p.Code)}\"><a href=\"#f-{E(cell)}\">{text}</a></li>");
            }

            html.Append("</ul></div>");
        }

        var fields = new StringBuilder();
        fields.Append(Select("kind", Text("Soort attest", "Kind of attest"), Kinds, values, byCell, l.English));
        foreach (var f in Fields)
        {
            fields.Append(Input(f, values.GetValueOrDefault(f.Name), byCell.GetValueOrDefault(f.Name), l.English, l["required"]));
            if (f.Name == "landsbond")
            {
                fields.Append(Choices("benefits", Text("Uitkeringen van de deelnemer", "The participant's benefits"), Benefits, values, byCell, l.English));
            }
        }

        // The antiforgery form carries the token and the button; the fields go in before the button.
        return html + antiforgeryForm.Replace("class=\"inline\"", "id=\"attest-form\" novalidate", StringComparison.Ordinal)
            .Replace("<button", fields + "<button", StringComparison.Ordinal);
    }

    private static string Input(Field f, string? value, List<ValidationProblem>? problems, bool english, string required)
    {
        var id = $"f-{f.Name}";
        var described = new List<string>();
        var extra = new StringBuilder();
        if ((english ? f.HintEn : f.HintNl) is { } hint)
        {
            described.Add($"{id}-hint");
            extra.Append($"<span class=\"hint\" id=\"{id}-hint\">{E(hint)}</span>");
        }

        extra.Append(Problems(id, problems, english, described));
        var aria = (described.Count > 0 ? $" aria-describedby=\"{string.Join(' ', described)}\"" : string.Empty) + (problems is { Count: > 0 } ? " aria-invalid=\"true\"" : string.Empty)
            + (f.Required ? " aria-required=\"true\"" : string.Empty) + (f.Autocomplete is { } ac ? $" autocomplete=\"{ac}\"" : string.Empty)
            + (f.InputMode is { } mode ? $" inputmode=\"{mode}\"" : string.Empty);
        var label = $"<label for=\"{id}\">{E(english ? f.En : f.Nl)}{(f.Required ? $" <span class=\"hint\" style=\"display:inline\">({E(required)})</span>" : string.Empty)}</label>";
        var control = f.Type == "textarea"
            ? $"<textarea id=\"{id}\" name=\"{f.Name}\" rows=\"3\" cols=\"60\"{aria}>{E(value)}</textarea>"
            // Dates and numbers are plain text with a hint: typed the same way on every keyboard and browser locale (a decimal comma too).
            : $"<input id=\"{id}\" name=\"{f.Name}\" type=\"text\" value=\"{E(value)}\"{aria}{(f.Type == "number" && f.InputMode is null ? " inputmode=\"decimal\"" : string.Empty)}>";
        return $"<div class=\"field\">{label}{extra}{control}</div>";
    }

    private static string Select(string name, string legend, (string Value, string Nl, string En)[] options, IReadOnlyDictionary<string, string> values,
        Dictionary<string, List<ValidationProblem>> byCell, bool english)
    {
        var id = $"f-{name}";
        var described = new List<string>();
        var problems = Problems(id, byCell.GetValueOrDefault(name), english, described);
        var chosen = values.GetValueOrDefault(name);
        var items = string.Concat(options.Select(o => $"<option value=\"{o.Value}\"{(o.Value == chosen ? " selected" : string.Empty)}>{E(english ? o.En : o.Nl)}</option>"));
        var aria = described.Count > 0 ? $" aria-describedby=\"{string.Join(' ', described)}\" aria-invalid=\"true\"" : string.Empty;
        return $"<div class=\"field\"><label for=\"{id}\">{E(legend)}</label>{problems}<select id=\"{id}\" name=\"{name}\"{aria}>{items}</select></div>";
    }

    private static string Choices(string name, string legend, (string Value, string Nl, string En)[] options, IReadOnlyDictionary<string, string> values,
        Dictionary<string, List<ValidationProblem>> byCell, bool english)
    {
        var id = $"f-{name}";
        var described = new List<string>();
        var problems = Problems(id, byCell.GetValueOrDefault(name), english, described);
        var chosen = (values.GetValueOrDefault(name) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var boxes = string.Concat(options.Select((o, i) =>
            $"<label style=\"font-weight:normal\"><input type=\"checkbox\" name=\"{name}\" value=\"{o.Value}\"{(i == 0 ? $" id=\"{id}\"" : string.Empty)}{(chosen.Contains(o.Value) ? " checked" : string.Empty)}> {E(english ? o.En : o.Nl)}</label>"));
        var aria = described.Count > 0 ? $" aria-describedby=\"{string.Join(' ', described)}\"" : string.Empty;
        return $"<fieldset class=\"field\"{aria}><legend>{E(legend)}</legend>{problems}{boxes}</fieldset>";
    }

    private static string Problems(string id, List<ValidationProblem>? problems, bool english, List<string> described)
    {
        if (problems is not { Count: > 0 })
        {
            return string.Empty;
        }

        described.Add($"{id}-problem");
        return $"<span class=\"problem\" id=\"{id}-problem\">{E(string.Join(" ", problems.Select(p => english ? p.MessageEn : p.MessageNl)))}</span>";
    }
}
