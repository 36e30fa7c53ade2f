using System.Reflection;
using System.Xml;
using System.Xml.Schema;
using StatuutHub.Domain.Routing;
using StatuutHub.Validation;
using StatuutHub.Validation.Json;
using StatuutHub.Validation.Problems;
using StatuutHub.Validation.Xml;

namespace StatuutHub.Agencies.Simulator.Contracts;

/// <summary>The message contract of each destination (schemas/destinations): the adapters prove
/// what they send is valid, and the agency simulator refuses what is not, as a real agency would.</summary>
public sealed class DestinationMessageSchemas
{
    private readonly Dictionary<DestinationKind, XmlSchemaSet> _xml = [];
    private readonly Dictionary<DestinationKind, CompiledJsonSchema> _json = [];
    private readonly IntakeLimits _limits = new();

    private DestinationMessageSchemas()
    {
    }

    /// <summary>The wire format each destination speaks.</summary>
    public static DocumentFormat FormatOf(DestinationKind kind) =>
        kind is DestinationKind.Rva or DestinationKind.Dimona ? DocumentFormat.Xml : DocumentFormat.Json;

    /// <summary>The XML namespace of an XML destination's message.</summary>
    public static string XmlNamespaceOf(DestinationKind kind) => kind switch
    {
        DestinationKind.Rva => "urn:be:rva:ama-notification:v2",
        DestinationKind.Dimona => "urn:be:rsz:dimona-ama:v2",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This destination speaks JSON."),
    };

    /// <summary>Loads and compiles the contracts the hub speaks now (the RVA's v2; its v1 stays in schemas/ for the record).</summary>
    public static Task<DestinationMessageSchemas> LoadAsync()
    {
        var schemas = new DestinationMessageSchemas();
        schemas._xml[DestinationKind.Rva] = CompileXsd("destinations/rva-ama-notification-v2.xsd");
        schemas._xml[DestinationKind.Dimona] = CompileXsd("destinations/dimona-declaration-v2.xsd");
        schemas._json[DestinationKind.Mutualiteit] = CompiledJsonSchema.Compile(Read("destinations/mutualiteit-authorisation-request-v2.schema.json"));
        schemas._json[DestinationKind.Ocmw] = CompiledJsonSchema.Compile(Read("destinations/ocmw-leefloon-notification-v2.schema.json"));
        schemas._json[DestinationKind.Vdab] = CompiledJsonSchema.Compile(Read("destinations/vdab-ama-permission-request-v1.schema.json"));
        return Task.FromResult(schemas);
    }

    /// <summary>Every problem of a message for <paramref name="kind"/>; empty when it is valid.</summary>
    public IReadOnlyList<ValidationProblem> Validate(DestinationKind kind, string message)
    {
        if (_json.TryGetValue(kind, out var jsonSchema))
        {
            try
            {
                return jsonSchema.Validate(System.Text.Encoding.UTF8.GetBytes(message), _limits.MaxJsonDepth + 1).Select(SchemaProblems.FromJsonSchema).ToArray();
            }
            catch (System.Text.Json.JsonException ex)
            {
                return [new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.MalformedJson, "Geen geldige JSON.", ex.Message)];
            }
        }

        var problems = new List<ValidationProblem>();
        var settings = SafeXml.ReaderSettings(_limits);
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = _xml[kind];
        XmlReader? reader = null;
        settings.ValidationEventHandler += (_, e) =>
            problems.Add(SchemaProblems.FromXmlSchema(reader?.LocalName ?? string.Empty, e.Message, _ => false));
        try
        {
            using (reader = XmlReader.Create(new StringReader(message), settings))
            {
                var rootSeen = false;
                while (reader.Read())
                {
                    if (!rootSeen && reader.NodeType == XmlNodeType.Element)
                    {
                        rootSeen = true;
                        if (reader.NamespaceURI != XmlNamespaceOf(kind))
                        {
                            return [new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.XmlWrongRoot, "Verkeerde namespace.", $"Expected namespace {XmlNamespaceOf(kind)}.")];
                        }
                    }
                }
            }
        }
        catch (XmlException ex)
        {
            problems.Add(new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.MalformedXml, "Geen geldige XML.", ex.Message));
        }

        return problems;
    }

    private static XmlSchemaSet CompileXsd(string resource)
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(new StringReader(Read(resource)), SafeXml.ReaderSettings(new IntakeLimits()));
        set.Add(XmlSchema.Read(reader, null)!);
        set.Compile();
        return set;
    }

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema '{name}' is missing.");
        using var text = new StreamReader(stream);
        return text.ReadToEnd();
    }
}
