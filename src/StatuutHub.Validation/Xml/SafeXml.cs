using System.Xml;
using System.Xml.Linq;

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

    /// <summary>Loads a whole document once, read with <see cref="ReaderSettings"/> (so it throws
    /// <see cref="XmlException"/> for a DTD or bad XML); <paramref name="tooDeep"/> tells whether it nests
    /// deeper than <see cref="IntakeLimits.MaxXmlDepth"/>, in which case nothing in it should be read.</summary>
    public static XDocument Load(ReadOnlyMemory<byte> utf8, IntakeLimits limits, out bool tooDeep)
    {
        using var stream = new MemoryStream(utf8.ToArray(), writable: false);
        using var reader = XmlReader.Create(stream, ReaderSettings(limits));
        var document = XDocument.Load(reader);
        tooDeep = document.Root is { } root && DepthOf(root) > limits.MaxXmlDepth;
        return document;
    }

    // Without recursion: a hostile document may nest as deep as its size allows.
    private static int DepthOf(XElement root)
    {
        var deepest = 0;
        var pending = new Stack<(XElement Element, int Depth)>();
        pending.Push((root, 0));
        while (pending.TryPop(out var next))
        {
            deepest = Math.Max(deepest, next.Depth);
            foreach (var child in next.Element.Elements())
            {
                pending.Push((child, next.Depth + 1));
            }
        }

        return deepest;
    }
}
