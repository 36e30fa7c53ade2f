using System.Globalization;
using System.Text.RegularExpressions;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Storage.Protection;

/// <summary>Free text the hub stores or logs but did not write itself (an agency's answer or error, a refusal reason) may quote the
/// person. Anything shaped like an INSZ (eleven digits alone, or a printed form: 85.07.30-033.28, 850730-033-28, 850730 033 28) is
/// masked always; when the person is known, their family and given names (as whole words, any case) and their birth date in the
/// forms people print it (1985-07-30, 30/07/1985, 30-07-1985, 30.07.1985, 30/7/1985) are replaced too. Alone means no letter or
/// digit beside it, nor a dot or dash that joins it to one: eleven digits inside a longer token are not an INSZ (the last group of
/// a UUID such as <c>…-9f00-a12345678901</c> stays whole), but one that ends a sentence ("… 85073003328.") or a list is.</summary>
public static partial class PersonalText
{
    public const string NameMark = "[naam]";
    public const string BirthDateMark = "[geboortedatum]";

    /// <summary>The text with every INSZ-like number masked, and the person's names and birth date replaced; null stays null.</summary>
    public static string? Scrub(string? text, Participant? person = null)
    {
        if (text is null)
        {
            return null;
        }

        var scrubbed = InszLike().Replace(text, m => Insz.Mask(m.Value));
        if (person is null)
        {
            return scrubbed;
        }

        // Most texts quote no birth date: a plain search first keeps its eight patterns off the dispatcher's every attempt.
        foreach (var date in DateForms(person.BirthDate).Where(d => scrubbed.Contains(d, StringComparison.Ordinal)))
        {
            scrubbed = Regex.Replace(scrubbed, $@"(?<!\d){Regex.Escape(date)}(?!\d)", BirthDateMark, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        foreach (var name in Words(person.FamilyName).Concat(Words(person.GivenName)).Distinct(StringComparer.OrdinalIgnoreCase).OrderByDescending(w => w.Length))
        {
            scrubbed = Regex.Replace(scrubbed, $@"(?<![\p{{L}}\p{{M}}]){Regex.Escape(name)}(?![\p{{L}}\p{{M}}])", NameMark,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return scrubbed;
    }

    /// <summary>The name whole and its parts of two letters or more (a family name "Van den Broeck" is quoted in parts as often as
    /// whole), but not the particles that are also everyday words ("van", "de", "den"…): those would blank out the rest of the text.</summary>
    private static IEnumerable<string> Words(string name) =>
        name.Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(w => w.Length >= 2 && !Particles.Contains(w)).Prepend(name.Trim());

    private static readonly HashSet<string> Particles = new(["van", "vande", "vanden", "vander", "de", "den", "der", "het", "in", "op", "ten", "ter", "te",
        "le", "la", "les", "du", "des", "di", "da", "dos", "el", "al", "von", "zu", "of"], StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> DateForms(DateOnly date) =>
        new[] { "yyyy-MM-dd", "dd/MM/yyyy", "dd-MM-yyyy", "dd.MM.yyyy", "d/M/yyyy", "d-M-yyyy", "d.M.yyyy", "yyyyMMdd" }
            .Select(format => date.ToString(format, CultureInfo.InvariantCulture)).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"(?<![\p{L}\d])(?<![\p{L}\d][.-])(?:\d{11}|\d{2}\.\d{2}\.\d{2}[- ]\d{3}\.\d{2}|\d{6}[- ]\d{3}[- ]\d{2})(?![\p{L}\d])(?![.-][\p{L}\d])")]
    private static partial Regex InszLike();
}
