using System.Text.Json;

namespace StatuutHub.Delivery.Adapters;

/// <summary>The JSON answers the JSON-speaking agencies share: a receipt <c>{"receiptId": …}</c> and
/// a decision <c>{"messageId", "decision": "APPROVED"|"REFUSED", "reasonCode", "reason", "reference"}</c>.</summary>
public static class JsonDecision
{
    /// <summary>Reads a decision; <see cref="FormatException"/> when it is not one.</summary>
    public static AgencyDecision Parse(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var messageId = root.GetProperty("messageId").GetGuid();
            var approved = root.GetProperty("decision").GetString() switch
            {
                "APPROVED" => true,
                "REFUSED" => false,
                var other => throw new FormatException($"Unknown decision '{other}'."),
            };
            // A permission's last day, when the body gives one (yyyy-MM-dd): the renewal is planned from it.
            DateOnly? validUntil = Optional(root, "validUntil") is { } day
                ? DateOnly.ParseExact(day, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
                : null;
            return new AgencyDecision(messageId, approved, Optional(root, "reasonCode"), Optional(root, "reason"), Optional(root, "reference")) { ValidUntil = validUntil };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new FormatException($"Not a decision: {ex.Message}", ex);
        }
    }

    /// <summary>Reads a receipt; an unreadable one is a transient failure (the agency may answer properly next time).</summary>
    public static AgencyAnswer ParseReceipt(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return AgencyAnswer.Receipt(Optional(doc.RootElement, "receiptId") ?? throw new FormatException("receiptId missing"));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new DeliveryFailedException($"unreadable receipt: {ex.Message}", transient: true, ex);
        }
    }

    private static string? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
