using FluentValidation;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Validation.Documents;
using StatuutHub.Validation.Problems;
using static StatuutHub.Validation.Rules.RuleFailures;

namespace StatuutHub.Validation.Rules;

/// <summary>The rules on what contract v2 adds (docs/domain.md): the workplace's identifiers, the ziekenfonds
/// and its landsbond, real costs, the permissions already held and the day a change of benefits takes effect.</summary>
internal sealed class ContractV2Rules : AbstractValidator<AttestDocument>
{
    public ContractV2Rules(Func<DateOnly> today)
    {
        RuleFor(d => d.Werkpost).Custom((werkpost, ctx) =>
        {
            if (werkpost is null)
            {
                return; // contract v1: the initiative's own workplace
            }

            if (werkpost.Kbo is null && werkpost.EstablishmentUnit is null)
            {
                Fail(ctx, "werkpost", ProblemCodes.WerkpostIdentifierRequired,
                    "Geef het ondernemingsnummer en/of het vestigingseenheidsnummer van de werkpost.",
                    "Give the workplace's enterprise number and/or establishment unit number.");
            }

            if (werkpost.Kbo is { } kbo && !KboNumber.TryParse(kbo, out _, out var error))
            {
                Fail(ctx, "werkpost.kbo", IdentifierCode(error, ProblemCodes.KboFormat, ProblemCodes.KboChecksum, ProblemCodes.KboRange),
                    IdentifierMessageNl(error, "ondernemingsnummer (KBO) van de werkpost", kbo, "10 cijfers, beginnend met 0 of 1"),
                    IdentifierMessageEn(error, "workplace's enterprise number (KBO)", kbo, "10 digits starting with 0 or 1"));
            }

            if (werkpost.EstablishmentUnit is { } unit && !EstablishmentUnitNumber.TryParse(unit, out _, out var unitError))
            {
                Fail(ctx, "werkpost.establishmentUnit", IdentifierCode(unitError, ProblemCodes.EstablishmentUnitFormat, ProblemCodes.EstablishmentUnitChecksum, ProblemCodes.EstablishmentUnitRange),
                    IdentifierMessageNl(unitError, "vestigingseenheidsnummer van de werkpost", unit, "10 cijfers, beginnend met 2 tot 8"),
                    IdentifierMessageEn(unitError, "workplace's establishment unit number", unit, "10 digits starting with 2 to 8"));
            }
        });

        RuleFor(d => d.Participant).Custom((participant, ctx) =>
        {
            if (participant.Ziekenfonds is { } code)
            {
                if (!Ziekenfonds.TryParse(code, out var fund, out _))
                {
                    Fail(ctx, "participant.ziekenfonds", ProblemCodes.ZiekenfondsUnknown,
                        $"Ziekenfonds '{code}' bestaat niet: het eerste cijfer moet een landsbond zijn ({string.Join(", ", Landsbond.All)}).",
                        $"Ziekenfonds '{code}' does not exist: its first digit must be a landsbond ({string.Join(", ", Landsbond.All)}).");
                }
                else if (participant.Landsbond is { } given && Landsbond.TryParse(given, out var landsbond, out _) && landsbond != fund.Landsbond)
                {
                    Fail(ctx, "participant.landsbond", ProblemCodes.ZiekenfondsLandsbondMismatch,
                        $"Ziekenfonds {code} hoort bij landsbond {fund.Landsbond.Code}, niet bij {given}.",
                        $"Ziekenfonds {code} belongs to landsbond {fund.Landsbond.Code}, not to {given}.");
                }
            }
        });

        RuleFor(d => d.Activity.RealCostsPerDay).Custom((costs, ctx) =>
        {
            if (decimal.Round(costs, 2) != costs)
            {
                Fail(ctx, "activity.realCostsPerDay", ProblemCodes.AmountPrecision,
                    "Een bedrag heeft hoogstens 2 cijfers na de komma (eurocent).", "An amount has at most 2 decimals (euro cents).");
            }
        });

        RuleFor(d => d.PermissionsHeld).Custom((permissions, ctx) =>
        {
            var day = today();
            for (var i = 0; i < permissions.Count; i++)
            {
                if (permissions[i].GivenOn > day)
                {
                    Fail(ctx, $"permissionsHeld[{i}].givenOn", ProblemCodes.PermissionInTheFuture,
                        $"Een toestemming die de deelnemer al heeft, kan niet gegeven zijn na vandaag ({permissions[i].GivenOn:yyyy-MM-dd}).",
                        $"A permission the participant already holds cannot have been given after today ({permissions[i].GivenOn:yyyy-MM-dd}).");
                }

                if (permissions[i].WerkpostKbo is { } kbo && !KboNumber.TryParse(kbo, out _, out var error))
                {
                    Fail(ctx, $"permissionsHeld[{i}].werkpostKbo", IdentifierCode(error, ProblemCodes.KboFormat, ProblemCodes.KboChecksum, ProblemCodes.KboRange),
                        IdentifierMessageNl(error, "ondernemingsnummer (KBO) van de werkpost van de toestemming", kbo, "10 cijfers, beginnend met 0 of 1"),
                        IdentifierMessageEn(error, "enterprise number (KBO) of the permission's workplace", kbo, "10 digits starting with 0 or 1"));
                }
            }
        });

        RuleFor(d => d).Custom((d, ctx) =>
        {
            // The day the benefits change lies within the activity: before its start nothing had begun, after its end nothing runs.
            if (d.BenefitsFrom is { } from && (from < d.Activity.StartDate || from > d.Activity.EndDate))
            {
                Fail(ctx, "benefitsFrom", ProblemCodes.BenefitsFromOutsidePeriod,
                    $"De dag waarop de uitkeringen ingaan ({from:yyyy-MM-dd}) ligt buiten de periode van de activiteit.",
                    $"The day the benefits take effect ({from:yyyy-MM-dd}) lies outside the activity's period.");
            }
        });
    }
}
