using System.Text.RegularExpressions;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Storage.Protection;

/// <summary>Free text the hub stores but did not write itself (an agency's error answer, a refusal reason) may quote an INSZ;
/// anything shaped like one (eleven digits alone, or a printed form: 85.07.30-033.28, 850730-033-28, 850730 033 28) is masked
/// before it is stored. Alone means no letter or digit beside it, nor a dot or dash that joins it to one: eleven digits inside a
/// longer token are not an INSZ (the last group of a UUID such as <c>…-9f00-a12345678901</c> stays whole), but one that ends a
/// sentence ("… 85073003328.") or a list ("85073003328-") is.</summary>
public static partial class PersonalText
{
    /// <summary>The text with every INSZ-like number masked; null stays null.</summary>
    public static string? Scrub(string? text) => text is null ? null : InszLike().Replace(text, m => Insz.Mask(m.Value));

    [GeneratedRegex(@"(?<![\p{L}\d])(?<![\p{L}\d][.-])(?:\d{11}|\d{2}\.\d{2}\.\d{2}[- ]\d{3}\.\d{2}|\d{6}[- ]\d{3}[- ]\d{2})(?![\p{L}\d])(?![.-][\p{L}\d])")]
    private static partial Regex InszLike();
}
