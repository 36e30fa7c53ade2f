using System.Text.RegularExpressions;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Storage.Protection;

/// <summary>Free text the hub stores but did not write itself (an agency's error answer, a refusal reason) may quote an INSZ;
/// anything shaped like one (eleven digits alone, or the printed 85.07.30-033.28 form) is masked before it is stored.
/// Alone means no letter, digit, dot or dash on either side: eleven digits inside a longer token are not an INSZ. Until
/// 2026-12-06 a letter was not excluded, so the last group of a UUID such as <c>…-9f00-a12345678901</c> (about one in 470)
/// was masked, and with it the attest id in a callback's body.</summary>
public static partial class PersonalText
{
    /// <summary>The text with every INSZ-like number masked; null stays null.</summary>
    public static string? Scrub(string? text) => text is null ? null : InszLike().Replace(text, m => Insz.Mask(m.Value));

    [GeneratedRegex(@"(?<![\p{L}\d.-])(?:\d{11}|\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2})(?![\p{L}\d.-])")]
    private static partial Regex InszLike();
}
