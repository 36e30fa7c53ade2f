using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using StatuutHub.Validation.Documents;
using StatuutHub.Validation.Problems;

namespace StatuutHub.Validation.Xml;

/// <summary>Reads a raw XML attest: well-formedness with DTDs prohibited and no resolver, then the
/// XSD, and only then maps the elements into an <see cref="AttestDocument"/>.</summary>
internal sealed class XmlAttestReader
{
    public const string Namespace = "urn:be:statuuthub:attest:v1";

    /// <summary>The namespace of contract v2: the namespace chooses the contract.</summary>
    public const string NamespaceV2 = "urn:be:statuuthub:attest:v2";

    private readonly XmlSchemaSet _schemas;
    private readonly HashSet<string> _declaredNames;
    private readonly IntakeLimits _limits;

    public XmlAttestReader(XmlSchemaSet schemas, IntakeLimits limits)
    {
        _schemas = schemas;
        _limits = limits;
        _declaredNames = DeclaredElementNames(schemas);
    }

    /// <summary>Reader settings for anything the hub parses: see <see cref="SafeXml"/>.</summary>
    public static XmlReaderSettings SafeSettings(IntakeLimits limits) => SafeXml.ReaderSettings(limits);

    public AttestDocument? Read(ReadOnlyMemory<byte> utf8, List<ValidationProblem> problems)
    {
        var root = Validate(utf8, problems);
        return root is null || problems.Count > 0 ? null : Map(root);
    }

    /// <summary>Validates an attest element that arrived inside another document (the SOAP body), in place:
    /// the envelope was parsed once, and the element is checked against the XSD and mapped without being read again.</summary>
    public AttestDocument? Read(XElement attest, List<ValidationProblem> problems)
    {
        try
        {
            return Walk(settings => XmlReader.Create(attest.CreateReader(), settings), problems) ? Map(attest) : null;
        }
        catch (XmlException ex)
        {
            return Malformed(ex, problems);
        }
    }

    private XElement? Validate(ReadOnlyMemory<byte> utf8, List<ValidationProblem> problems)
    {
        try
        {
            // Pass 1: validate the text while tracking the element path, so each problem is located.
            using (var stream = new MemoryStream(utf8.ToArray(), writable: false))
            {
                if (!Walk(settings => XmlReader.Create(stream, settings), problems))
                {
                    return null;
                }
            }

            // Pass 2: the document is schema-valid; load it for mapping, with the same safe settings.
            using var again = new MemoryStream(utf8.ToArray(), writable: false);
            using var plain = XmlReader.Create(again, SafeSettings(_limits));
            return XDocument.Load(plain).Root;
        }
        catch (XmlException ex)
        {
            Malformed(ex, problems);
            return null;
        }
    }

    /// <summary>Reads the attest through a schema-validating reader opened by <paramref name="open"/>, adding a
    /// located problem for each schema error; false when the attest is invalid (or not an attest, or too deep).</summary>
    private bool Walk(Func<XmlReaderSettings, XmlReader> open, List<ValidationProblem> problems)
    {
        var settings = SafeSettings(_limits);
        settings.ValidationType = ValidationType.Schema;
        settings.Schemas = _schemas;

        var path = new List<string>();
        var listIndex = 0;
        XmlReader? reader = null;
        settings.ValidationEventHandler += (_, e) =>
        {
            if (e.Severity != XmlSeverityType.Error)
            {
                return;
            }

            // An error raised while the reader stands on a start tag (or an empty element) is about
            // that element, which is not on the path stack yet; on an end tag it is about the top of the stack.
            var at = reader is { NodeType: XmlNodeType.Element }
                ? PathOf(path, Segment(reader.LocalName, path, listIndex))
                : PathOf(path, null);
            problems.Add(SchemaProblems.FromXmlSchema(at, e.Message, _declaredNames.Contains));
        };

        using (reader = open(settings))
        {
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element)
                {
                    if (path.Count == 0 && (reader.LocalName != "attest" || reader.NamespaceURI is not (Namespace or NamespaceV2)))
                    {
                        problems.Clear();
                        problems.Add(new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.XmlWrongRoot,
                            $"Het hoofdelement moet 'attest' zijn in namespace {Namespace} of {NamespaceV2}.",
                            $"The root element must be 'attest' in namespace {Namespace} or {NamespaceV2}."));
                        return false;
                    }

                    if (path.Count >= _limits.MaxXmlDepth)
                    {
                        problems.Clear();
                        problems.Add(new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.MalformedXml,
                            $"Het XML-document is dieper genest dan {_limits.MaxXmlDepth} niveaus.",
                            $"The XML document is nested deeper than {_limits.MaxXmlDepth} levels."));
                        return false;
                    }

                    var segment = Segment(reader.LocalName, path, listIndex);
                    if (segment.StartsWith('['))
                    {
                        listIndex++;
                    }
                    else if (reader.LocalName is "benefits" or "permissionsHeld")
                    {
                        listIndex = 0;
                    }

                    if (!reader.IsEmptyElement)
                    {
                        path.Add(segment);
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement)
                {
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        return problems.Count == 0;
    }

    private static AttestDocument? Malformed(XmlException ex, List<ValidationProblem> problems)
    {
        problems.Clear();
        problems.Add(ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
            ? new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.XmlDtdProhibited,
                "Een DTD (DOCTYPE) is niet toegelaten; entiteiten worden niet verwerkt.",
                "A DTD (DOCTYPE) is not allowed; entities are never expanded.")
            : new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.MalformedXml,
                $"Het document is geen geldige XML (regel {ex.LineNumber}, positie {ex.LinePosition}).",
                $"The document is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition}): {ex.Message}"));
        return null;
    }

    // The items of a list are written as an index, as in JSON: benefits[1], permissionsHeld[0].
    private static string Segment(string localName, List<string> parentPath, int listIndex) =>
        parentPath.Count > 0 && (localName, parentPath[^1]) is ("benefit", "benefits") or ("permission", "permissionsHeld") ? $"[{listIndex}]" : localName;

    internal static string PathOf(List<string> segments, string? extra)
    {
        // The root element 'attest' is the document itself: paths start below it, as in JSON.
        var parts = segments.Skip(1).ToList();
        if (extra is not null && segments.Count > 0)
        {
            parts.Add(extra);
        }

        var builder = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            if (builder.Length > 0 && !part.StartsWith('['))
            {
                builder.Append('.');
            }

            builder.Append(part);
        }

        return builder.ToString();
    }

    private static HashSet<string> DeclaredElementNames(XmlSchemaSet schemas)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (XmlSchema schema in schemas.Schemas())
        {
            foreach (XmlSchemaObject item in schema.Items)
            {
                Collect(item, names);
            }
        }

        return names;
    }

    private static void Collect(XmlSchemaObject item, HashSet<string> names)
    {
        switch (item)
        {
            case XmlSchemaElement element:
                names.Add(element.Name ?? element.RefName.Name);
                if (element.SchemaType is not null)
                {
                    Collect(element.SchemaType, names);
                }

                break;
            case XmlSchemaComplexType complex when complex.Particle is not null:
                Collect(complex.Particle, names);
                break;
            case XmlSchemaGroupBase group:
                foreach (XmlSchemaObject child in group.Items)
                {
                    Collect(child, names);
                }

                break;
        }
    }

    private static DateOnly XsdDate(string value) =>
        DateOnly.ParseExact(value.Trim(' ', '\t', '\r', '\n'), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static AttestDocument Map(XElement root)
    {
        XNamespace ns = root.Name.Namespace;
        string Text(XElement parent, string name) => parent.Element(ns + name)?.Value ?? string.Empty;
        string? Optional(XElement parent, string name) => parent.Element(ns + name)?.Value;
        // Values are read as their XSD types define them: xs:date (like xs:decimal and xs:boolean, which XmlConvert reads)
        // collapses white space, so "  2026-12-12\n " is the day the XSD accepted.
        DateOnly Date(XElement parent, string name) => XsdDate(Text(parent, name));
        DateOnly? OptionalDate(XElement parent, string name) => Optional(parent, name) is { } day ? XsdDate(day) : null;
        decimal Number(XElement parent, string name) => Optional(parent, name) is { } number ? XmlConvert.ToDecimal(number) : 0;

        var initiative = root.Element(ns + "initiative")!;
        var participant = root.Element(ns + "participant")!;
        var activity = root.Element(ns + "activity")!;
        var werkpost = root.Element(ns + "werkpost");
        return new AttestDocument
        {
            ContractVersion = ns == NamespaceV2 ? "2" : null,
            AttestId = Text(root, "attestId"),
            Kind = Text(root, "kind"),
            Initiative = new InitiativeDocument
            {
                Kbo = Text(initiative, "kbo"),
                EstablishmentUnit = Optional(initiative, "establishmentUnit"),
                Name = Text(initiative, "name"),
            },
            Werkpost = werkpost is null ? null : new WerkpostDocument
            {
                Kbo = Optional(werkpost, "kbo"),
                EstablishmentUnit = Optional(werkpost, "establishmentUnit"),
                Name = Text(werkpost, "name"),
            },
            Participant = new ParticipantDocument
            {
                Insz = Text(participant, "insz"),
                FamilyName = Text(participant, "familyName"),
                GivenName = Text(participant, "givenName"),
                BirthDate = Date(participant, "birthDate"),
                ResidenceNis = Text(participant, "residenceNis"),
                Landsbond = Optional(participant, "landsbond"),
                Ziekenfonds = Optional(participant, "ziekenfonds"),
                CompetentOcmwNis = Optional(participant, "competentOcmwNis"),
                RegisteredJobSeeker = Optional(participant, "registeredJobSeeker") is { } seeker ? XmlConvert.ToBoolean(seeker) : null,
                BegeleidWerken = Optional(participant, "begeleidWerken") is { } begeleid ? XmlConvert.ToBoolean(begeleid) : null,
            },
            Benefits = root.Element(ns + "benefits")!.Elements(ns + "benefit").Select(b => b.Value).ToList(),
            BenefitsFrom = OptionalDate(root, "benefitsFrom"),
            Activity = new ActivityDocument
            {
                StartDate = Date(activity, "startDate"),
                EndDate = OptionalDate(activity, "endDate"),
                HoursPerWeek = Number(activity, "hoursPerWeek"),
                Workplace = Text(activity, "workplace"),
                Description = Optional(activity, "description"),
                ExpenseAllowancePerDay = Number(activity, "expenseAllowancePerDay"),
                FlatAllowancePerDay = Number(activity, "flatAllowancePerDay"),
                RealCostsPerDay = Number(activity, "realCostsPerDay"),
                DaysPerWeek = Optional(activity, "daysPerWeek") is { } days ? XmlConvert.ToInt32(days) : null,
            },
            PermissionsHeld = root.Element(ns + "permissionsHeld")?.Elements(ns + "permission").Select(p => new PermissionHeldDocument
            {
                Body = Text(p, "body"),
                Reference = Text(p, "reference"),
                GivenOn = Date(p, "givenOn"),
                HoursPerWeek = Optional(p, "hoursPerWeek") is { } hours ? XmlConvert.ToDecimal(hours) : null,
                WerkpostKbo = Optional(p, "werkpostKbo"),
            }).ToList() ?? [],
        }.Normalise();
    }
}
