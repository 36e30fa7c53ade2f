using System.Buffers.Text;
using System.Text;

namespace StatuutHub.Host.Intake;

/// <summary>The change feed's cursor: opaque to callers (base64url of <c>c1:{position}</c>), so the hub may change what it holds.</summary>
public static class ChangeCursor
{
    private const string Prefix = "c1:";

    public static string Write(long position) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + position.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The position in <paramref name="cursor"/>; no cursor is the beginning.</summary>
    public static bool TryRead(string? cursor, out long position)
    {
        position = 0;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out position);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
