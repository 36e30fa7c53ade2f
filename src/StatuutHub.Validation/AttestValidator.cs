using System.Reflection;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Microsoft.Extensions.Logging;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Rules;
using StatuutHub.Validation.Documents;
using StatuutHub.Validation.Json;
using StatuutHub.Validation.Problems;
using StatuutHub.Validation.Rules;
using StatuutHub.Validation.Xml;

namespace StatuutHub.Validation;

/// <summary>The one entry point for a submitted attest, JSON or XML. Order: size limit →
/// well-formedness → schema → business rules; business objects are built only after the
/// schema passed. Thread-safe; build it once (schemas are compiled in <see cref="CreateAsync"/>).</summary>
public sealed class AttestValidator
{
    private readonly IntakeLimits _limits;
    private readonly JsonAttestReader _json;
    private readonly XmlAttestReader _xml;
    private readonly AttestRules _rules;

    /// <summary>Binds compiled schemas to the rule tables; "today" comes from <paramref name="time"/>.</summary>
    public AttestValidator(AttestSchemas schemas, RuleTables tables, TimeProvider time, ILoggerFactory? loggers = null)
    {
        _limits = schemas.Limits;
        _json = new JsonAttestReader(schemas.Json, schemas.JsonV2, schemas.Limits);
        _xml = new XmlAttestReader(schemas.Xml, schemas.Limits);
        _rules = new AttestRules(tables, time, loggers?.CreateLogger<AttestRules>());
    }

    /// <summary>The XML namespace of the attest contract v1.</summary>
    public const string XmlNamespace = XmlAttestReader.Namespace;

    /// <summary>The XML namespace of the attest contract v2.</summary>
    public const string XmlNamespaceV2 = XmlAttestReader.NamespaceV2;

    /// <summary>Compiles both schemas once and binds the rule tables.</summary>
    public static async Task<AttestValidator> CreateAsync(RuleTables tables, TimeProvider time, IntakeLimits? limits = null, ILoggerFactory? loggers = null) =>
        new(await AttestSchemas.LoadAsync(limits ?? new IntakeLimits()).ConfigureAwait(false), tables, time, loggers);

    /// <summary>The attest XSD as shipped (for the WSDL and for agencies).</summary>
    public static string AttestXsd => ReadResource("attest-v1.xsd");

    /// <summary>The attest XSD of contract v2 as shipped.</summary>
    public static string AttestXsdV2 => ReadResource("attest-v2.xsd");

    /// <summary>The attest JSON Schema as shipped.</summary>
    public static string AttestJsonSchema => ReadResource("attest-v1.schema.json");

    /// <summary>Validates a raw document and returns the canonical attest or every problem. <paramref name="startAlreadyAccepted"/>:
    /// an amendment whose start date the caller has checked against the accepted one, so the late-start window is not applied.</summary>
    public AttestValidationResult Validate(ReadOnlyMemory<byte> raw, DocumentFormat format, bool startAlreadyAccepted = false)
    {
        var problems = new List<ValidationProblem>();
        if (raw.Length > _limits.MaxDocumentBytes)
        {
            problems.Add(new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.DocumentTooLarge,
                $"Het document is groter dan {_limits.MaxDocumentBytes} bytes.",
                $"The document is larger than {_limits.MaxDocumentBytes} bytes."));
            return AttestValidationResult.Invalid(problems);
        }

        if (raw.IsEmpty)
        {
            problems.Add(new ValidationProblem(ValidationProblem.DocumentPath, ProblemCodes.DocumentEmpty,
                "Het document is leeg.", "The document is empty."));
            return AttestValidationResult.Invalid(problems);
        }

        var document = format == DocumentFormat.Json ? _json.Read(raw.Span, problems) : _xml.Read(raw, problems);
        return Finish(document, problems, startAlreadyAccepted);
    }

    /// <summary>Validates the attest element carried inside another XML document (a SOAP body).</summary>
    public AttestValidationResult Validate(XElement attest, bool startAlreadyAccepted = false)
    {
        var problems = new List<ValidationProblem>();
        return Finish(_xml.Read(attest, problems), problems, startAlreadyAccepted);
    }

    private AttestValidationResult Finish(AttestDocument? document, List<ValidationProblem> problems, bool startAlreadyAccepted)
    {
        if (document is null || problems.Count > 0)
        {
            return AttestValidationResult.Invalid(problems);
        }

        // FluentValidation lists warnings among its errors; only the errors refuse the attest.
        var context = new FluentValidation.ValidationContext<AttestDocument>(document);
        if (startAlreadyAccepted)
        {
            context.RootContextData[AttestRules.StartAlreadyAccepted] = true;
        }

        var found = _rules.Validate(context).Errors
            .Select(e => (e.Severity, Problem: new ValidationProblem(e.PropertyName, e.ErrorCode, (string)e.CustomState, e.ErrorMessage)))
            .ToArray();
        var errors = found.Where(f => f.Severity == FluentValidation.Severity.Error).Select(f => f.Problem).ToArray();
        return errors.Length > 0
            ? AttestValidationResult.Invalid(errors)
            : AttestValidationResult.Valid(ToCanonical(document), found.Where(f => f.Severity != FluentValidation.Severity.Error).Select(f => f.Problem).ToArray());
    }

    /// <summary>Builds the canonical attest; only called after schema and rules passed, so every parse succeeds.</summary>
    private static Attest ToCanonical(AttestDocument d)
    {
        var kind = ContractNames.TryParseKind(d.Kind, out var k) ? k : throw new InvalidOperationException("Schema let an unknown kind through.");
        var benefits = Benefits.None;
        foreach (var name in d.Benefits)
        {
            benefits |= ContractNames.TryParseBenefit(name, out var benefit) ? benefit : throw new InvalidOperationException("Schema let an unknown benefit through.");
        }

        var initiative = new Initiative(
            KboNumber.Parse(d.Initiative.Kbo),
            d.Initiative.EstablishmentUnit is null ? null : EstablishmentUnitNumber.Parse(d.Initiative.EstablishmentUnit),
            d.Initiative.Name);
        var werkpost = d.Werkpost is null ? null : new Werkpost(
            d.Werkpost.Kbo is null ? null : KboNumber.Parse(d.Werkpost.Kbo),
            d.Werkpost.EstablishmentUnit is null ? null : EstablishmentUnitNumber.Parse(d.Werkpost.EstablishmentUnit));
        return new Attest(
            Guid.Parse(d.AttestId),
            kind,
            initiative,
            new Participant(
                Insz.Parse(d.Participant.Insz),
                d.Participant.FamilyName,
                d.Participant.GivenName,
                d.Participant.BirthDate,
                NisCode.Parse(d.Participant.ResidenceNis),
                d.Participant.Landsbond is null ? null : Landsbond.Parse(d.Participant.Landsbond))
            {
                Ziekenfonds = d.Participant.Ziekenfonds is null ? null : Ziekenfonds.Parse(d.Participant.Ziekenfonds),
                CompetentOcmw = d.Participant.CompetentOcmwNis is null ? null : NisCode.Parse(d.Participant.CompetentOcmwNis),
                RegisteredJobSeeker = d.Participant.RegisteredJobSeeker == true,
                BegeleidWerken = d.Participant.BegeleidWerken == true,
            },
            benefits,
            new Activity(
                d.Activity.StartDate,
                d.Activity.EndDate,
                d.Activity.HoursPerWeek,
                d.Activity.Workplace,
                d.Activity.Description,
                d.Activity.ExpenseAllowancePerDay,
                d.Activity.DaysPerWeek)
            {
                RealCostsPerDay = d.Activity.RealCostsPerDay,
            })
        {
            // A workplace that is the initiative's own says what contract v1 says: the same attest, the same hash.
            Werkpost = werkpost == new Werkpost(initiative.Kbo, initiative.EstablishmentUnit) ? null : werkpost,
            PermissionsHeld = new HeldPermissions(d.PermissionsHeld.Select(p => new PermissionHeld(
                ContractNames.TryParsePermissionBody(p.Body, out var body) ? body : throw new InvalidOperationException("Schema let an unknown permission body through."),
                p.Reference,
                p.GivenOn)
            {
                HoursPerWeek = p.HoursPerWeek,
                Werkpost = p.WerkpostKbo is null ? null : KboNumber.Parse(p.WerkpostKbo),
            })),
            BenefitsFrom = d.BenefitsFrom,
        };
    }

    public static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded schema '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
