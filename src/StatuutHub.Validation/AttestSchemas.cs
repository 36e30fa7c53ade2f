using System.Xml;
using System.Xml.Schema;
using NJsonSchema;
using StatuutHub.Validation.Xml;

namespace StatuutHub.Validation;

/// <summary>The attest contract's two schemas, compiled once per process (never per request).</summary>
public sealed class AttestSchemas
{
    private AttestSchemas(JsonSchema json, XmlSchemaSet xml, IntakeLimits limits)
    {
        Json = json;
        Xml = xml;
        Limits = limits;
    }

    internal JsonSchema Json { get; }

    internal XmlSchemaSet Xml { get; }

    /// <summary>The size and depth caps the readers apply.</summary>
    public IntakeLimits Limits { get; }

    /// <summary>Reads and compiles attest-v1.schema.json and attest-v1.xsd from the embedded copies of schemas/.</summary>
    public static async Task<AttestSchemas> LoadAsync(IntakeLimits limits)
    {
        var json = await JsonSchema.FromJsonAsync(AttestValidator.ReadResource("attest-v1.schema.json")).ConfigureAwait(false);
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(AttestValidator.ReadResource("attest-v1.xsd")), XmlAttestReader.SafeSettings(limits));
        set.Add(XmlSchema.Read(reader, null)!);
        set.Compile();
        return new AttestSchemas(json, set, limits);
    }
}
