using StatuutHub.Validation.Batches;

namespace StatuutHub.Host.Portal;

/// <summary>The web form's fields for one attest (shown by <c>Razor/AttestFormView</c>): the same cells as a batch file's columns
/// (<see cref="AttestRows"/>), so the form, a CSV row and an Excel row become the same contract document and meet the same validator.
/// Problems are shown in a summary that links to each field and again beside the field, in Dutch (English with <c>?lang=en</c>).</summary>
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
}
