namespace StatuutHub.Domain.Identifiers;

/// <summary>An enterprise number (ondernemingsnummer) from the KBO: 10 digits, first 0 or 1,
/// last two = 97 − (first eight mod 97). Printed forms <c>0123.456.749</c> and <c>BE0123456749</c> are accepted, and
/// so is the old nine-digit form (<c>123.456.749</c>, the same number without its leading 0); the ten digits are kept.</summary>
public readonly record struct KboNumber
{
    private KboNumber(string digits) => Value = digits;

    /// <summary>The 10 digits, without separators or country prefix.</summary>
    public string Value { get; }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static KboNumber Parse(string printed) =>
        TryParse(printed, out var kbo, out var error) ? kbo : throw new FormatException($"Invalid KBO number ({error}).");

    /// <summary>Parses a printed enterprise number; <paramref name="error"/> says why it was refused.</summary>
    public static bool TryParse(string? printed, out KboNumber kbo, out IdentifierError error)
    {
        kbo = default;
        if (!TenDigitNumber.TryParse(printed, static first => first is '0' or '1', out var digits, out error, oldNineDigitForm: true))
        {
            return false;
        }

        kbo = new KboNumber(digits);
        return true;
    }

    /// <summary>The printed form 0123.456.749.</summary>
    public override string ToString() => TenDigitNumber.Print(Value);
}

/// <summary>An establishment unit number (vestigingseenheidsnummer): 10 digits, first 2–8, same check as KBO.</summary>
public readonly record struct EstablishmentUnitNumber
{
    private EstablishmentUnitNumber(string digits) => Value = digits;

    /// <summary>The 10 digits, without separators.</summary>
    public string Value { get; }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static EstablishmentUnitNumber Parse(string printed) =>
        TryParse(printed, out var unit, out var error) ? unit : throw new FormatException($"Invalid establishment unit number ({error}).");

    /// <summary>Parses a printed establishment unit number; <paramref name="error"/> says why it was refused.</summary>
    public static bool TryParse(string? printed, out EstablishmentUnitNumber unit, out IdentifierError error)
    {
        unit = default;
        if (!TenDigitNumber.TryParse(printed, static first => first is >= '2' and <= '8', out var digits, out error))
        {
            return false;
        }

        unit = new EstablishmentUnitNumber(digits);
        return true;
    }

    /// <summary>The printed form 2.123.456.791.</summary>
    public override string ToString() => $"{Value[0]}.{Value.Substring(1, 3)}.{Value.Substring(4, 3)}.{Value.Substring(7, 3)}";
}

/// <summary>The common shape of KBO-style numbers: 10 digits with a mod-97 check on the first eight.</summary>
internal static class TenDigitNumber
{
    public static bool TryParse(string? printed, Func<char, bool> firstDigitAllowed, out string digits, out IdentifierError error, bool oldNineDigitForm = false)
    {
        digits = string.Empty;
        if (string.IsNullOrWhiteSpace(printed))
        {
            error = IdentifierError.Empty;
            return false;
        }

        var normalised = DigitString.Normalise(printed, allowedPrefix: "BE");
        if (oldNineDigitForm && normalised?.Length == 9)
        {
            // The old form of the enterprise number had nine digits; the ten-digit form is the same number with a leading 0.
            normalised = "0" + normalised;
        }

        if (normalised is null || normalised.Length != 10)
        {
            error = IdentifierError.Format;
            return false;
        }

        var check = (int)DigitString.ParseDigits(normalised.AsSpan(8, 2));
        if (DigitString.Mod97Check(DigitString.ParseDigits(normalised.AsSpan(0, 8))) != check)
        {
            error = IdentifierError.Checksum;
            return false;
        }

        if (!firstDigitAllowed(normalised[0]))
        {
            error = IdentifierError.Range;
            return false;
        }

        digits = normalised;
        error = default;
        return true;
    }

    public static string Print(string digits) => $"{digits[..4]}.{digits.Substring(4, 3)}.{digits.Substring(7, 3)}";
}
