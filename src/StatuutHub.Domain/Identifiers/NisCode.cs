namespace StatuutHub.Domain.Identifiers;

/// <summary>The 5-digit statistical (NIS/INS) code of a Belgian municipality; the first digit is the province group 1–9.</summary>
public readonly record struct NisCode
{
    private NisCode(string digits) => Value = digits;

    /// <summary>The five digits.</summary>
    public string Value { get; }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static NisCode Parse(string printed) =>
        TryParse(printed, out var nis, out var error) ? nis : throw new FormatException($"Invalid NIS code ({error}).");

    /// <summary>Parses a NIS code; <paramref name="error"/> says why it was refused.</summary>
    public static bool TryParse(string? printed, out NisCode nis, out IdentifierError error)
    {
        nis = default;
        if (string.IsNullOrWhiteSpace(printed))
        {
            error = IdentifierError.Empty;
            return false;
        }

        var digits = DigitString.Normalise(printed);
        if (digits is null || digits.Length != 5)
        {
            error = IdentifierError.Format;
            return false;
        }

        if (digits[0] == '0')
        {
            error = IdentifierError.Range;
            return false;
        }

        nis = new NisCode(digits);
        error = default;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
