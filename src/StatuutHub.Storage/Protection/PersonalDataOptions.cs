namespace StatuutHub.Storage.Protection;

/// <summary>The keys that protect personal data at rest (<c>Storage:PersonalData</c>); see SECURITY.md.</summary>
public sealed class PersonalDataOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage:PersonalData";

    /// <summary>Encryption keys by id, each base64 of 32 random bytes (<c>openssl rand -base64 32</c>). Keep an old key until
    /// rotation reports nothing left under it.</summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The id of the key new writes use; changing it starts the background re-encryption of every older row.</summary>
    public string? CurrentKey { get; set; }

    /// <summary>Base64 of at least 32 random bytes: the HMAC key of the INSZ look-up hash.</summary>
    public string? LookupKey { get; set; }

    /// <summary>True when nothing is configured.</summary>
    public bool IsEmpty => Keys.Count == 0 && string.IsNullOrEmpty(CurrentKey) && string.IsNullOrEmpty(LookupKey);

    /// <summary>The protector, or the reasons it cannot be made.</summary>
    public (PersonalDataProtector? Protector, IReadOnlyList<string> Problems) Build()
    {
        var problems = new List<string>();
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, text) in Keys)
        {
            if (Bytes(text) is { Length: 32 } key)
            {
                keys[id] = key;
            }
            else
            {
                problems.Add($"{Section}:Keys:{id} must be base64 of 32 bytes (openssl rand -base64 32).");
            }
        }

        if (string.IsNullOrEmpty(CurrentKey) || !Keys.ContainsKey(CurrentKey))
        {
            problems.Add($"{Section}:CurrentKey must name one of {Section}:Keys.");
        }

        var lookup = Bytes(LookupKey);
        if (lookup is not { Length: >= 32 })
        {
            problems.Add($"{Section}:LookupKey must be base64 of at least 32 bytes (openssl rand -base64 32).");
        }

        return problems.Count > 0 ? (null, problems) : (new PersonalDataProtector(keys, CurrentKey!, lookup!), problems);
    }

    private static byte[]? Bytes(string? base64)
    {
        try
        {
            return string.IsNullOrEmpty(base64) ? null : Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
