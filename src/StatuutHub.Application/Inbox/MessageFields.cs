using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace StatuutHub.Application.Inbox;

/// <summary>The fields of a body's own message (JSON or XML) as name and value, in the message's order: what an office reads in
/// its inbox is by construction what the body's API would have received, nothing more.</summary>
public static class MessageFields
{
    /// <summary>Every leaf of <paramref name="body"/> with its path (<c>participant.familyName</c>); empty when it cannot be read.</summary>
    public static IReadOnlyList<(string Name, string Value)> Of(string body, string mediaType)
    {
        var fields = new List<(string, string)>();
        try
        {
            if (mediaType.Contains("xml", StringComparison.OrdinalIgnoreCase))
            {
                var document = XDocument.Parse(body);
                foreach (var leaf in document.Descendants().Where(e => !e.HasElements))
                {
                    fields.Add((string.Join('.', leaf.AncestorsAndSelf().Reverse().Skip(1).Select(e => e.Name.LocalName)), leaf.Value));
                }
            }
            else
            {
                using var document = JsonDocument.Parse(body);
                Walk(document.RootElement, string.Empty, fields);
            }
        }
        catch (Exception ex) when (ex is JsonException or XmlException)
        {
            return [];
        }

        return fields;
    }

    private static void Walk(JsonElement element, string path, List<(string, string)> fields)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", fields);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]", fields);
                }

                break;
            case JsonValueKind.Null:
                break;
            case JsonValueKind.String:
                fields.Add((path, element.GetString()!));
                break;
            default:
                fields.Add((path, element.GetRawText()));
                break;
        }
    }
}
