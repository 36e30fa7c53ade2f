namespace StatuutHub.Domain.Identifiers;

/// <summary>A ziekenfonds (health insurance fund) by its three-digit code; its first digit is its landsbond
/// (1 → 100, …, 6 → 600, 9 → 900), so a code such as 120 or 417 also says which union it belongs to.</summary>
public readonly record struct Ziekenfonds
{
    private Ziekenfonds(string code, Landsbond landsbond)
    {
        Code = code;
        Landsbond = landsbond;
    }

    /// <summary>The three digits.</summary>
    public string Code { get; }

    /// <summary>The landsbond the fund belongs to.</summary>
    public Landsbond Landsbond { get; }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static Ziekenfonds Parse(string printed) =>
        TryParse(printed, out var fund, out var error) ? fund : throw new FormatException($"Invalid ziekenfonds code ({error}).");

    /// <summary>Parses a ziekenfonds code; a first digit that is no landsbond is a <see cref="IdentifierError.Range"/> error.</summary>
    public static bool TryParse(string? printed, out Ziekenfonds fund, out IdentifierError error)
    {
        fund = default;
        if (!Landsbond.TryReadThreeDigits(printed, out var code, out error))
        {
            return false;
        }

        if (!Landsbond.TryParse($"{code[0]}00", out var landsbond, out _))
        {
            error = IdentifierError.Range;
            return false;
        }

        fund = new Ziekenfonds(code, landsbond);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Code;
}
