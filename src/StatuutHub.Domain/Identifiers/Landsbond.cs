namespace StatuutHub.Domain.Identifiers;

/// <summary>A national union of mutualiteiten, by its three-digit code; the participant's mutualiteit is reached through it.</summary>
public readonly record struct Landsbond
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["100"] = "Christelijke Mutualiteiten",
        ["200"] = "Neutrale Ziekenfondsen",
        ["300"] = "Socialistische Mutualiteiten",
        ["400"] = "Liberale Mutualiteiten",
        ["500"] = "Onafhankelijke Ziekenfondsen",
        ["600"] = "Hulpkas voor Ziekte- en Invaliditeitsverzekering (HZIV)",
        ["900"] = "Kas der Geneeskundige Verzorging van HR Rail",
    };

    private Landsbond(string code) => Code = code;

    /// <summary>All codes the hub knows, in order.</summary>
    public static IReadOnlyList<Landsbond> All { get; } = Names.Keys.Order(StringComparer.Ordinal).Select(c => new Landsbond(c)).ToArray();

    /// <summary>The code: 100, 200, 300, 400, 500, 600 or 900.</summary>
    public string Code { get; }

    /// <summary>The union's Dutch name.</summary>
    public string Name => Names[Code];

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static Landsbond Parse(string printed) =>
        TryParse(printed, out var landsbond, out var error) ? landsbond : throw new FormatException($"Invalid landsbond ({error}).");

    /// <summary>Parses a landsbond code; an unknown three-digit code is a <see cref="IdentifierError.Range"/> error.</summary>
    public static bool TryParse(string? printed, out Landsbond landsbond, out IdentifierError error)
    {
        landsbond = default;
        if (!TryReadThreeDigits(printed, out var code, out error))
        {
            return false;
        }

        if (!Names.ContainsKey(code))
        {
            error = IdentifierError.Range;
            return false;
        }

        landsbond = new Landsbond(code);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Code;

    /// <summary>A three-digit code as printed (landsbond, ziekenfonds): trimmed, or why it is not one.</summary>
    internal static bool TryReadThreeDigits(string? printed, out string code, out IdentifierError error)
    {
        code = printed?.Trim() ?? string.Empty;
        error = code.Length == 0 ? IdentifierError.Empty
            : code.Length != 3 || !code.All(char.IsAsciiDigit) ? IdentifierError.Format
            : default;
        return code.Length == 3 && error == default;
    }
}
