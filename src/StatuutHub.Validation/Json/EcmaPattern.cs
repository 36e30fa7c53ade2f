using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StatuutHub.Validation.Json;

/// <summary>A JSON Schema <c>pattern</c> as the spec reads it: an ECMA-262 regular expression with the <c>u</c> flag (so
/// <c>\p{…}</c> classes hold and a character is a code point), run by .NET. Where the two differ for our schemas:
/// <list type="bullet">
/// <item>ECMA's <c>$</c> matches only at the very end, .NET's also before a final <c>\n</c> ("Peeters\n" would pass
/// <c>^[^\p{Cc}]*$</c>): it becomes <c>\z</c>.</item>
/// <item>.NET matches UTF-16 units, so a letter outside the Basic Multilingual Plane (𝒜, many CJK names) is two surrogates that
/// no <c>\p{L}</c> class takes. Before matching, each such code point is replaced by a stand-in of the same Unicode category
/// from the BMP, chosen to be no literal of our patterns: category classes then decide as ECMA's do.</item>
/// <item>The shorthand classes and the dot (Unicode in .NET, ASCII or line-aware in ECMA) and literal astral characters are
/// refused when the schema loads, rather than run with another meaning.</item>
/// </list></summary>
public sealed class EcmaPattern
{
    private readonly Regex _regex;

    private EcmaPattern(Regex regex) => _regex = regex;

    /// <summary>The pattern, ready to match as ECMA-262 would; throws <see cref="NotSupportedException"/> for constructs whose meaning differs.</summary>
    public static EcmaPattern Compile(string pattern) => new(new Regex(Translate(pattern), RegexOptions.CultureInvariant));

    /// <summary>True when ECMA-262 (with the u flag) finds the pattern in <paramref name="value"/>.</summary>
    public bool IsMatch(string value) => _regex.IsMatch(value.Any(char.IsSurrogate) ? WithBmpStandIns(value) : value);

    /// <summary>The pattern in .NET syntax.</summary>
    public static string Translate(string pattern)
    {
        if (pattern.Any(char.IsSurrogate))
        {
            throw new NotSupportedException($"The pattern '{pattern}' holds a character outside the Basic Multilingual Plane.");
        }

        var translated = new StringBuilder(pattern.Length + 4);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[i + 1];
                if (next is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'b' or 'B')
                {
                    throw new NotSupportedException($"The pattern '{pattern}' uses \\{next}, which ECMA-262 and .NET read differently.");
                }

                translated.Append(c).Append(next);
                i++;
            }
            else if (inClass)
            {
                translated.Append(c);
                inClass = c != ']';
            }
            else if (c == '[')
            {
                translated.Append(c);
                inClass = true;
                if (i + 1 < pattern.Length && pattern[i + 1] is '^' or ']')
                {
                    translated.Append(pattern[++i]); // a leading ^ or ] belongs to the class, it does not end it
                }
            }
            else if (c == '$')
            {
                translated.Append(@"\z");
            }
            else if (c == '.')
            {
                throw new NotSupportedException($"The pattern '{pattern}' uses '.', which ECMA-262 and .NET read differently.");
            }
            else
            {
                translated.Append(c);
            }
        }

        return translated.ToString();
    }

    private static string WithBmpStandIns(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var rune in value.EnumerateRunes())
        {
            text.Append(rune.IsBmp ? (char)rune.Value : StandIn(Rune.GetUnicodeCategory(rune)));
        }

        // A lone surrogate is no rune: EnumerateRunes gives U+FFFD for it, which keeps it one character of category So, where
        // ECMA sees a lone surrogate (Cs). Both are outside every class our patterns name but [^…], so the verdict is the same.
        return text.ToString();
    }

    // One BMP character per category, none of them a literal in our patterns (no ASCII letter, digit, space, dot, dash,
    // apostrophe or angle bracket).
    private static char StandIn(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => '\u0100',
        UnicodeCategory.LowercaseLetter => '\u0101',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u05D0',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '\u0660',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u00B2',
        UnicodeCategory.ConnectorPunctuation => '\u203F',
        UnicodeCategory.DashPunctuation => '\u2010',
        UnicodeCategory.OpenPunctuation => '\u2045',
        UnicodeCategory.ClosePunctuation => '\u2046',
        UnicodeCategory.InitialQuotePunctuation => '\u00AB',
        UnicodeCategory.FinalQuotePunctuation => '\u00BB',
        UnicodeCategory.OtherPunctuation => '\u00A1',
        UnicodeCategory.MathSymbol => '\u00B1',
        UnicodeCategory.CurrencySymbol => '\u00A2',
        UnicodeCategory.ModifierSymbol => '\u00B4',
        UnicodeCategory.OtherSymbol => '\u00A9',
        UnicodeCategory.SpaceSeparator => '\u2000',
        UnicodeCategory.Format => '\u00AD',
        UnicodeCategory.PrivateUse => '\uE000',
        _ => '\u0378', // unassigned
    };
}
