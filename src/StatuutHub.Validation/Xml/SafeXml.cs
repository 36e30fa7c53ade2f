using System.Xml;

namespace StatuutHub.Validation.Xml;

/// <summary>How the hub reads any XML from outside (attests, SOAP envelopes, agency answers):
/// DTDs prohibited (so no entity is ever expanded), no resolver, size capped.</summary>
public static class SafeXml
{
    /// <summary>Reader settings with those protections.</summary>
    public static XmlReaderSettings ReaderSettings(IntakeLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = limits.MaxDocumentBytes,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>True when the document nests elements deeper than <see cref="IntakeLimits.MaxXmlDepth"/>;
    /// read with <see cref="ReaderSettings"/>, so it throws <see cref="XmlException"/> for a DTD or bad XML.</summary>
    public static bool IsTooDeep(ReadOnlyMemory<byte> utf8, IntakeLimits limits)
    {
        using var stream = new MemoryStream(utf8.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, ReaderSettings(limits));
        while (reader.Read())
        {
            if (reader.Depth > limits.MaxXmlDepth)
            {
                return true;
            }
        }

        return false;
    }
}
