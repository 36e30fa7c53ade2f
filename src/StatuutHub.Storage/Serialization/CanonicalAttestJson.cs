using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Storage.Serialization;

/// <summary>The canonical attest in the contract's JSON shape (digits only for identifiers), used to
/// store versions and to compare content for idempotency: the same attest always gives the same bytes.</summary>
public static class CanonicalAttestJson
{
    /// <summary>Writes the attest as contract JSON.</summary>
    public static string Write(Attest a)
    {
        var initiative = new JsonObject { ["kbo"] = a.Initiative.Kbo.Value };
        if (a.Initiative.EstablishmentUnit is { } unit)
        {
            initiative["establishmentUnit"] = unit.Value;
        }

        initiative["name"] = a.Initiative.Name;
        var participant = new JsonObject
        {
            ["insz"] = a.Participant.Insz.Value,
            ["familyName"] = a.Participant.FamilyName,
            ["givenName"] = a.Participant.GivenName,
            ["birthDate"] = a.Participant.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["residenceNis"] = a.Participant.ResidenceNis.Value,
        };
        if (a.Participant.Landsbond is { } landsbond)
        {
            participant["landsbond"] = landsbond.Code;
        }

        var activity = new JsonObject
        {
            ["startDate"] = a.Activity.StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["endDate"] = a.Activity.EndDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["hoursPerWeek"] = a.Activity.HoursPerWeek,
            ["workplace"] = a.Activity.Workplace,
        };
        if (a.Activity.Description is not null)
        {
            activity["description"] = a.Activity.Description;
        }

        activity["expenseAllowancePerDay"] = a.Activity.ExpenseAllowancePerDay;
        if (a.Activity.DaysPerWeek is { } days)
        {
            activity["daysPerWeek"] = days;
        }

        var root = new JsonObject
        {
            ["attestId"] = a.AttestId.ToString("D"),
            ["kind"] = ContractNames.NameOf(a.Kind),
            ["initiative"] = initiative,
            ["participant"] = participant,
            ["benefits"] = new JsonArray(ContractNames.BenefitNamesOf(a.Benefits).Select(b => (JsonNode)JsonValue.Create(b)).ToArray()),
            ["activity"] = activity,
        };
        return root.ToJsonString();
    }

    /// <summary>Reads what <see cref="Write"/> wrote. Stored content was validated on the way in.</summary>
    public static Attest Read(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var i = root["initiative"]!.AsObject();
        var p = root["participant"]!.AsObject();
        var act = root["activity"]!.AsObject();
        var benefits = Benefits.None;
        foreach (var b in root["benefits"]!.AsArray())
        {
            benefits |= ContractNames.TryParseBenefit(b!.GetValue<string>(), out var benefit) ? benefit : throw new InvalidDataException("Unknown benefit in stored attest.");
        }

        return new Attest(
            Guid.Parse(root["attestId"]!.GetValue<string>()),
            ContractNames.TryParseKind(root["kind"]!.GetValue<string>(), out var kind) ? kind : throw new InvalidDataException("Unknown kind in stored attest."),
            new Initiative(
                KboNumber.Parse(i["kbo"]!.GetValue<string>()),
                i["establishmentUnit"] is { } unit ? EstablishmentUnitNumber.Parse(unit.GetValue<string>()) : null,
                i["name"]!.GetValue<string>()),
            new Participant(
                Insz.Parse(p["insz"]!.GetValue<string>()),
                p["familyName"]!.GetValue<string>(),
                p["givenName"]!.GetValue<string>(),
                DateOnly.Parse(p["birthDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                NisCode.Parse(p["residenceNis"]!.GetValue<string>()),
                p["landsbond"] is { } lb ? Landsbond.Parse(lb.GetValue<string>()) : null),
            benefits,
            new Activity(
                DateOnly.Parse(act["startDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                DateOnly.Parse(act["endDate"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                act["hoursPerWeek"]!.GetValue<decimal>(),
                act["workplace"]!.GetValue<string>(),
                act["description"]?.GetValue<string>(),
                act["expenseAllowancePerDay"]!.GetValue<decimal>(),
                act["daysPerWeek"]?.GetValue<int>()));
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
            },
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Write(normalised))));
    }
}
