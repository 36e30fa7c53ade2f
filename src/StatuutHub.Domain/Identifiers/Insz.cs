namespace StatuutHub.Domain.Identifiers;

/// <summary>The participant's INSZ: a rijksregisternummer or a BIS number (11 digits YYMMDD SSS CC).</summary>
/// <remarks>
/// The check digits are 97 − (first nine digits mod 97); for people born in 2000 or later the
/// nine digits are prefixed with 2 first. Which of the two matches tells the century. A BIS
/// number adds 20 (sex unknown) or 40 (sex known) to the month; day 00 means unknown, and month 00 means
/// the month is unknown or the date's serials ran out, so the day digits say nothing about the birth day.
/// </remarks>
public readonly record struct Insz
{
    private Insz(string digits, int birthYear, int birthMonth, int birthDay, InszKind kind)
    {
        Value = digits;
        BirthYear = birthYear;
        BirthMonth = birthMonth;
        BirthDay = birthDay;
        Kind = kind;
    }

    /// <summary>The 11 digits, without separators.</summary>
    public string Value { get; }

    /// <summary>Full birth year (the century follows from the check digits).</summary>
    public int BirthYear { get; }

    /// <summary>Birth month 1–12, or 0 when unknown.</summary>
    public int BirthMonth { get; }

    /// <summary>Birth day 1–31, or 0 when unknown.</summary>
    public int BirthDay { get; }

    /// <summary>Rijksregisternummer or BIS number.</summary>
    public InszKind Kind { get; }

    /// <summary>The serial number SSS: odd for men, even for women (unless a BIS number without known sex).</summary>
    public int Serial => int.Parse(Value.AsSpan(6, 3), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The full birth date when both month and day are known.</summary>
    public DateOnly? BirthDate => BirthMonth > 0 && BirthDay > 0 ? new DateOnly(BirthYear, BirthMonth, BirthDay) : null;

    /// <summary>Parses a printed INSZ (dots, dashes and spaces allowed) or throws <see cref="FormatException"/>.</summary>
    public static Insz Parse(string printed) =>
        TryParse(printed, out var insz, out var error) ? insz : throw new FormatException($"Invalid INSZ ({error}).");

    /// <summary>Parses a printed INSZ; <paramref name="error"/> says why it was refused.</summary>
    public static bool TryParse(string? printed, out Insz insz, out IdentifierError error)
    {
        insz = default;
        if (string.IsNullOrWhiteSpace(printed))
        {
            error = IdentifierError.Empty;
            return false;
        }

        var digits = DigitString.Normalise(printed);
        if (digits is null || digits.Length != 11)
        {
            error = IdentifierError.Format;
            return false;
        }

        var firstNine = DigitString.ParseDigits(digits.AsSpan(0, 9));
        var check = (int)DigitString.ParseDigits(digits.AsSpan(9, 2));
        var yy = (int)DigitString.ParseDigits(digits.AsSpan(0, 2));
        int century;
        if (DigitString.Mod97Check(firstNine) == check)
        {
            century = 1900;
        }
        else if (DigitString.Mod97Check(2_000_000_000L + firstNine) == check)
        {
            century = 2000;
        }
        else
        {
            error = IdentifierError.Checksum;
            return false;
        }

        var month = (int)DigitString.ParseDigits(digits.AsSpan(2, 2));
        var day = (int)DigitString.ParseDigits(digits.AsSpan(4, 2));
        var kind = InszKind.Rijksregisternummer;
        if (month >= 40)
        {
            month -= 40;
            kind = InszKind.BisSexKnown;
        }
        else if (month >= 20)
        {
            month -= 20;
            kind = InszKind.BisSexUnknown;
        }

        var year = century + yy;
        if (month == 0)
        {
            // Month 00: the birth month is unknown, or that date's serial numbers ran out; either way the
            // day digits are no birth day (docs/domain.md), so they are neither checked nor reported as one.
            day = 0;
        }

        if (month > 12 || day > 31 || (month > 0 && day > DateTime.DaysInMonth(year, month)))
        {
            error = IdentifierError.Range;
            return false;
        }

        insz = new Insz(digits, year, month, day, kind);
        error = default;
        return true;
    }

    /// <summary>A form safe for logs and screens: only the first two and last two digits remain.</summary>
    public string Masked => Mask(Value);

    /// <summary>Masks any INSZ-like text for logs; short or empty input becomes all stars.</summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        return value.Length < 6 ? new string('*', value.Length) : string.Concat(value.AsSpan(0, 2), new string('*', value.Length - 4), value.AsSpan(value.Length - 2));
    }

    /// <summary>Returns the masked form, so an INSZ that slips into a log line stays masked.</summary>
    public override string ToString() => Masked;
}

/// <summary>Which register the number comes from.</summary>
public enum InszKind
{
    /// <summary>National register (rijksregister).</summary>
    Rijksregisternummer,

    /// <summary>BIS register, month + 20: sex unknown at registration.</summary>
    BisSexUnknown,

    /// <summary>BIS register, month + 40: sex known at registration.</summary>
    BisSexKnown,
}
