namespace StatuutHub.Domain.Identifiers;

/// <summary>Normalisation and the mod-97 check shared by the Belgian identifiers.</summary>
internal static class DigitString
{
    /// <summary>Strips the separators people print (dots, dashes, slashes, spaces) and returns
    /// the digits, or null when anything else is left.</summary>
    public static string? Normalise(string? printed, string? allowedPrefix = null)
    {
        if (string.IsNullOrWhiteSpace(printed))
        {
            return null;
        }

        var span = printed.AsSpan().Trim();
        if (allowedPrefix is not null && span.StartsWith(allowedPrefix, StringComparison.OrdinalIgnoreCase))
        {
            span = span[allowedPrefix.Length..];
        }

        Span<char> digits = stackalloc char[span.Length];
        var count = 0;
        foreach (var c in span)
        {
            if (c is >= '0' and <= '9')
            {
                digits[count++] = c;
            }
            else if (c is not ('.' or '-' or ' ' or '/'))
            {
                return null;
            }
        }

        return count == 0 ? null : new string(digits[..count]);
    }

    /// <summary>97 − (n mod 97): a remainder of 0 gives check digits 97.</summary>
    public static int Mod97Check(long n) => 97 - (int)(n % 97);

    public static long ParseDigits(ReadOnlySpan<char> digits)
    {
        long value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
