using System.Globalization;
using StatuutHub.Domain.Security;

namespace StatuutHub.Storage.Relational;

/// <summary>The audit trail's hash chain: each event's hash is SHA-256 over the previous event's hash and
/// the event's own fields, so changing, removing or inserting an event breaks every link after it.</summary>
public static class AuditChain
{
    public static string Hash(string? previous, long atMs, string? attestId, long? deliveryId, string? destination, string kind, string? detail, string actor)
    {
        // Unit separators keep field boundaries unambiguous ("ab"+"c" ≠ "a"+"bc").
        var text = string.Join('\u001f', previous ?? string.Empty, atMs.ToString(CultureInfo.InvariantCulture), attestId ?? string.Empty,
            deliveryId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, destination ?? string.Empty, kind, detail, actor);
        return Sha256Text.HexOf(text);
    }
}
