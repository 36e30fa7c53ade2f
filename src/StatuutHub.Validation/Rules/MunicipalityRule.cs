using FluentValidation;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Validation.Documents;
using StatuutHub.Validation.Problems;
using static StatuutHub.Validation.Rules.RuleFailures;

namespace StatuutHub.Validation.Rules;

/// <summary>A NIS code must name a municipality that exists on the activity's start date (Statbel's list with
/// validity dates). A code that ended in a merger is refused with the code that replaced it, so the initiative
/// can correct it without looking it up.</summary>
internal static class MunicipalityRule
{
    public static void Check(ValidationContext<AttestDocument> ctx, MunicipalityRegister register, string path, string? value, DateOnly start)
    {
        if (!NisCode.TryParse(value, out var code, out var error))
        {
            Fail(ctx, path, error == IdentifierError.Range ? ProblemCodes.NisRange : ProblemCodes.NisFormat,
                $"'{value}' is geen NIS-code van een Belgische gemeente (5 cijfers, niet beginnend met 0).",
                $"'{value}' is not the NIS code of a Belgian municipality (5 digits, not starting with 0).");
            return;
        }

        switch (register.Find(code, start))
        {
            case MunicipalityLookup.Unknown:
                Fail(ctx, path, ProblemCodes.NisUnknown,
                    $"{code} is geen NIS-code van een Belgische gemeente (lijst van Statbel).",
                    $"{code} is not the NIS code of any Belgian municipality (Statbel's list).");
                break;
            case MunicipalityLookup.Merged { Ended: var ended, Replacement: var now }:
                var insteadNl = now is null ? "" : $"; gebruik {now.Code} ({now.NameNl})";
                var insteadEn = now is null ? "" : $"; use {now.Code} ({now.NameNl})";
                Fail(ctx, path, ProblemCodes.NisMerged,
                    $"{code} ({ended.NameNl}) is sinds {ended.ValidTo!.Value.AddDays(1):yyyy-MM-dd} geen gemeente meer{insteadNl}.",
                    $"{code} ({ended.NameNl}) is no municipality since {ended.ValidTo!.Value.AddDays(1):yyyy-MM-dd}{insteadEn}.");
                break;
            case MunicipalityLookup.NotYetValid { Municipality: var future }:
                Fail(ctx, path, ProblemCodes.NisNotYetValid,
                    $"{code} ({future.NameNl}) bestaat pas vanaf {future.ValidFrom:yyyy-MM-dd}; op de begindatum {start:yyyy-MM-dd} geldt nog de code van de oude gemeente.",
                    $"{code} ({future.NameNl}) exists only from {future.ValidFrom:yyyy-MM-dd}; on the start date {start:yyyy-MM-dd} the former municipality's code applies.");
                break;
        }
    }
}
