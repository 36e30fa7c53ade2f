using System.Xml;
using System.Xml.Schema;
using StatuutHub.Validation.Json;
using StatuutHub.Validation.Xml;

namespace StatuutHub.Validation;

/// <summary>The attest contract's two schemas, compiled once per process (never per request).</summary>
public sealed class AttestSchemas
{
    private AttestSchemas(CompiledJsonSchema json, CompiledJsonSchema jsonV2, XmlSchemaSet xml, IntakeLimits limits)
    {
        Json = json;
        JsonV2 = jsonV2;
        Xml = xml;
        Limits = limits;
    }

    internal CompiledJsonSchema Json { get; }

    internal CompiledJsonSchema JsonV2 { get; }

    /// <summary>Both XSDs in one set: a validating reader checks each document against its own namespace's schema.</summary>
    internal XmlSchemaSet Xml { get; }

    /// <summary>The size and depth caps the readers apply.</summary>
    public IntakeLimits Limits { get; }

    /// <summary>Reads and compiles both contracts' JSON Schemas and XSDs from the embedded copies of schemas/.</summary>
    public static Task<AttestSchemas> LoadAsync(IntakeLimits limits)
    {
        var json = CompiledJsonSchema.Compile(AttestValidator.ReadResource("attest-v1.schema.json"));
        var jsonV2 = CompiledJsonSchema.Compile(AttestValidator.ReadResource("attest-v2.schema.json"));
        var set = new XmlSchemaSet { XmlResolver = null };
        foreach (var xsd in new[] { "attest-v1.xsd", "attest-v2.xsd" })
        {
            using var reader = XmlReader.Create(new StringReader(AttestValidator.ReadResource(xsd)), XmlAttestReader.SafeSettings(limits));
            set.Add(XmlSchema.Read(reader, null)!);
        }

        set.Compile();
        return Task.FromResult(new AttestSchemas(json, jsonV2, set, limits));
    }
}
