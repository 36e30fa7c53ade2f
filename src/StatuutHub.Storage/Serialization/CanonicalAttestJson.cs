using System.Globalization;
using StatuutHub.Domain.Security;
using System.Text;
using System.Text.Json.Nodes;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Storage.Serialization;

/// <summary>The canonical attest in the contract's JSON shape (digits only for identifiers), used to store
/// versions and to compare content for idempotency: the same attest always gives the same bytes. An attest
/// that contract v1 can express is written exactly as v1 wrote it, so what was stored before v2 keeps its
/// hash and the same content sent as v1 or as v2 is the same attest; anything else is written as v2.</summary>
public static class CanonicalAttestJson
{
    /// <summary>The version mark of the v2 shape.</summary>
    public const string Version2 = "2";

    /// <summary>Writes the attest as contract JSON.</summary>
    public static string Write(Attest a)
    {
        var v2 = !ExpressibleInV1(a);
        var initiative = new JsonObject { ["kbo"] = a.Initiative.Kbo.Value };
        Put(initiative, "establishmentUnit", a.Initiative.EstablishmentUnit?.Value);
        initiative["name"] = a.Initiative.Name;
        var participant = new JsonObject
        {
            ["insz"] = a.Participant.Insz.Value,
            ["familyName"] = a.Participant.FamilyName,
            ["givenName"] = a.Participant.GivenName,
            ["birthDate"] = Day(a.Participant.BirthDate),
            ["residenceNis"] = a.Participant.ResidenceNis.Value,
        };
        Put(participant, "landsbond", a.Participant.Landsbond?.Code);
        Put(participant, "ziekenfonds", a.Participant.Ziekenfonds?.Code);
        Put(participant, "competentOcmwNis", a.Participant.CompetentOcmw?.Value);
        // Written only when set, so an attest without them keeps the hash it always had.
        if (a.Participant.RegisteredJobSeeker)
        {
            participant["registeredJobSeeker"] = true;
        }

        if (a.Participant.BegeleidWerken)
        {
            participant["begeleidWerken"] = true;
        }

        var activity = new JsonObject { ["startDate"] = Day(a.Activity.StartDate) };
        Put(activity, "endDate", a.Activity.EndDate is { } end ? Day(end) : null);
        activity["hoursPerWeek"] = a.Activity.HoursPerWeek;
        if (!v2)
        {
            activity["workplace"] = a.Activity.Workplace;
        }

        Put(activity, "description", a.Activity.Description);
        activity[v2 ? "flatAllowancePerDay" : "expenseAllowancePerDay"] = a.Activity.ExpenseAllowancePerDay;
        if (v2)
        {
            activity["realCostsPerDay"] = a.Activity.RealCostsPerDay;
        }

        if (a.Activity.DaysPerWeek is { } days)
        {
            activity["daysPerWeek"] = days;
        }

        var root = new JsonObject();
        if (v2)
        {
            root["contractVersion"] = Version2;
        }

        root["attestId"] = a.AttestId.ToString("D");
        root["kind"] = ContractNames.NameOf(a.Kind);
        root["initiative"] = initiative;
        if (v2)
        {
            var werkpost = new JsonObject();
            Put(werkpost, "kbo", a.EffectiveWerkpost.Kbo?.Value);
            Put(werkpost, "establishmentUnit", a.EffectiveWerkpost.EstablishmentUnit?.Value);
            werkpost["name"] = a.Activity.Workplace;
            root["werkpost"] = werkpost;
        }

        root["participant"] = participant;
        root["benefits"] = new JsonArray(ContractNames.BenefitNamesOf(a.Benefits).Select(b => (JsonNode)JsonValue.Create(b)).ToArray());
        Put(root, "benefitsFrom", a.BenefitsFrom is { } from ? Day(from) : null);
        root["activity"] = activity;
        if (v2 && a.PermissionsHeld.Count > 0)
        {
            root["permissionsHeld"] = new JsonArray(a.PermissionsHeld.Select(p =>
            {
                var held = new JsonObject { ["body"] = ContractNames.NameOf(p.Body), ["reference"] = p.Reference, ["givenOn"] = Day(p.GivenOn) };
                if (p.HoursPerWeek is { } hours)
                {
                    held["hoursPerWeek"] = hours;
                }

                Put(held, "werkpostKbo", p.Werkpost?.Value);
                return (JsonNode)held;
            }).ToArray());
        }

        return root.ToJsonString();
    }

    /// <summary>Reads what <see cref="Write"/> wrote, either shape. Stored content was validated on the way in.</summary>
    public static Attest Read(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var i = root["initiative"]!.AsObject();
        var p = root["participant"]!.AsObject();
        var act = root["activity"]!.AsObject();
        var w = root["werkpost"]?.AsObject();
        var benefits = Benefits.None;
        foreach (var b in root["benefits"]!.AsArray())
        {
            benefits |= ContractNames.TryParseBenefit(b!.GetValue<string>(), out var benefit) ? benefit : throw new InvalidDataException("Unknown benefit in stored attest.");
        }

        var initiative = new Initiative(
            KboNumber.Parse(i["kbo"]!.GetValue<string>()),
            Text(i, "establishmentUnit") is { } unit ? EstablishmentUnitNumber.Parse(unit) : null,
            i["name"]!.GetValue<string>());
        var werkpost = w is null ? null : new Werkpost(
            Text(w, "kbo") is { } kbo ? KboNumber.Parse(kbo) : null,
            Text(w, "establishmentUnit") is { } wunit ? EstablishmentUnitNumber.Parse(wunit) : null);
        return new Attest(
            Guid.Parse(root["attestId"]!.GetValue<string>()),
            ContractNames.TryParseKind(root["kind"]!.GetValue<string>(), out var kind) ? kind : throw new InvalidDataException("Unknown kind in stored attest."),
            initiative,
            new Participant(
                Insz.Parse(p["insz"]!.GetValue<string>()),
                p["familyName"]!.GetValue<string>(),
                p["givenName"]!.GetValue<string>(),
                Date(p["birthDate"]!.GetValue<string>()),
                NisCode.Parse(p["residenceNis"]!.GetValue<string>()),
                Text(p, "landsbond") is { } lb ? Landsbond.Parse(lb) : null)
            {
                Ziekenfonds = Text(p, "ziekenfonds") is { } zf ? Ziekenfonds.Parse(zf) : null,
                CompetentOcmw = Text(p, "competentOcmwNis") is { } ocmw ? NisCode.Parse(ocmw) : null,
                RegisteredJobSeeker = p["registeredJobSeeker"]?.GetValue<bool>() == true,
                BegeleidWerken = p["begeleidWerken"]?.GetValue<bool>() == true,
            },
            benefits,
            new Activity(
                Date(act["startDate"]!.GetValue<string>()),
                Text(act, "endDate") is { } end ? Date(end) : null,
                act["hoursPerWeek"]!.GetValue<decimal>(),
                w is null ? act["workplace"]!.GetValue<string>() : w["name"]!.GetValue<string>(),
                Text(act, "description"),
                (act["expenseAllowancePerDay"] ?? act["flatAllowancePerDay"])!.GetValue<decimal>(),
                act["daysPerWeek"]?.GetValue<int>())
            {
                RealCostsPerDay = act["realCostsPerDay"]?.GetValue<decimal>() ?? 0,
            })
        {
            // v1 implied the initiative's identifiers; keep null then, so the attest equals the one v1 validation builds.
            Werkpost = werkpost == new Werkpost(initiative.Kbo, initiative.EstablishmentUnit) ? null : werkpost,
            PermissionsHeld = root["permissionsHeld"] is JsonArray held
                ? new HeldPermissions(held.Select(h => new PermissionHeld(
                    ContractNames.TryParsePermissionBody(h!["body"]!.GetValue<string>(), out var body) ? body : throw new InvalidDataException("Unknown permission body in stored attest."),
                    h["reference"]!.GetValue<string>(),
                    Date(h["givenOn"]!.GetValue<string>()))
                {
                    HoursPerWeek = h["hoursPerWeek"]?.GetValue<decimal>(),
                    Werkpost = Text(h.AsObject(), "werkpostKbo") is { } wk ? KboNumber.Parse(wk) : null,
                }))
                : HeldPermissions.Empty,
            BenefitsFrom = Text(root, "benefitsFrom") is { } benefitsFrom ? Date(benefitsFrom) : null,
        };
    }

    /// <summary>SHA-256 of the canonical JSON, hex: equal attests have equal hashes.
    /// Amounts are normalised first so 4.5 and 4.50 count as the same content.</summary>
    public static string Hash(Attest attest)
    {
        var normalised = attest with
        {
            Activity = attest.Activity with
            {
                HoursPerWeek = attest.Activity.HoursPerWeek / 1.000000000000000000000000000000000m,
                ExpenseAllowancePerDay = attest.Activity.ExpenseAllowancePerDay / 1.000000000000000000000000000000000m,
                RealCostsPerDay = attest.Activity.RealCostsPerDay / 1.000000000000000000000000000000000m,
            },
        };
        return Sha256Text.HexOf(Write(normalised));
    }

    /// <summary>True when contract v1 can say all of it: the workplace is the initiative's own, an end date,
    /// no ziekenfonds, OCMW override, real costs or permissions held.</summary>
    public static bool ExpressibleInV1(Attest a) =>
        a.Werkpost is null && a.Activity.EndDate is not null && a.Activity.RealCostsPerDay == 0 && a.PermissionsHeld.Count == 0
        && a.Participant.Ziekenfonds is null && a.Participant.CompetentOcmw is null && a.BenefitsFrom is null
        && !a.Participant.RegisteredJobSeeker && !a.Participant.BegeleidWerken;

    private static void Put(JsonObject o, string name, string? value)
    {
        if (value is not null)
        {
            o[name] = value;
        }
    }

    private static string? Text(JsonObject o, string name) => o[name]?.GetValue<string>();

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Date(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);
}
