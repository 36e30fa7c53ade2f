using FluentValidation;
using FluentValidation.Results;
using Microsoft.Extensions.Logging;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Rules;
using StatuutHub.Validation.Documents;
using StatuutHub.Validation.Problems;
using static StatuutHub.Validation.Rules.RuleFailures;

namespace StatuutHub.Validation.Rules;

/// <summary>The business rules of docs/domain.md on a schema-valid document. Every rule runs, so the
/// client gets every problem at once. Rule values come from <see cref="RuleTables"/>.</summary>
public sealed class AttestRules : AbstractValidator<AttestDocument>
{
    private readonly RuleTables _tables;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SubmissionDeadlines _deadlines;
    private int _extrapolationWarned;

    /// <summary>Creates the rules over the given tables; "today" comes from <paramref name="time"/> in Belgian time.</summary>
    public AttestRules(RuleTables tables, TimeProvider time, ILogger<AttestRules>? logger = null)
    {
        _tables = tables;
        _time = time;
        _logger = (ILogger?)logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _deadlines = new SubmissionDeadlines(tables.SubmissionDeadlines, new WorkingDayCalendar(tables.PublicHolidays));

        RuleFor(d => d.Initiative.Kbo).Custom((value, ctx) =>
        {
            if (!KboNumber.TryParse(value, out _, out var error))
            {
                Fail(ctx, "initiative.kbo", IdentifierCode(error, ProblemCodes.KboFormat, ProblemCodes.KboChecksum, ProblemCodes.KboRange),
                    IdentifierMessageNl(error, "ondernemingsnummer (KBO)", value, "10 cijfers, beginnend met 0 of 1"),
                    IdentifierMessageEn(error, "enterprise number (KBO)", value, "10 digits starting with 0 or 1"));
            }
        });

        RuleFor(d => d.Initiative.EstablishmentUnit).Custom((value, ctx) =>
        {
            if (value is not null && !EstablishmentUnitNumber.TryParse(value, out _, out var error))
            {
                Fail(ctx, "initiative.establishmentUnit", IdentifierCode(error, ProblemCodes.EstablishmentUnitFormat, ProblemCodes.EstablishmentUnitChecksum, ProblemCodes.EstablishmentUnitRange),
                    IdentifierMessageNl(error, "vestigingseenheidsnummer", value, "10 cijfers, beginnend met 2 tot 8"),
                    IdentifierMessageEn(error, "establishment unit number", value, "10 digits starting with 2 to 8"));
            }
        });

        RuleFor(d => d.Participant).Custom((participant, ctx) =>
        {
            if (!Insz.TryParse(participant.Insz, out var insz, out var error))
            {
                // The INSZ itself is never echoed: problem lists end up in logs.
                Fail(ctx, "participant.insz", IdentifierCode(error, ProblemCodes.InszFormat, ProblemCodes.InszChecksum, ProblemCodes.InszRange),
                    IdentifierMessageNl(error, "INSZ", Insz.Mask(participant.Insz), "11 cijfers JJMMDD SSS CC"),
                    IdentifierMessageEn(error, "INSZ", Insz.Mask(participant.Insz), "11 digits YYMMDD SSS CC"));
                return;
            }

            var birth = participant.BirthDate;
            if (birth.Year != insz.BirthYear || (insz.BirthMonth != 0 && birth.Month != insz.BirthMonth) || (insz.BirthDay != 0 && birth.Day != insz.BirthDay))
            {
                Fail(ctx, "participant.birthDate", ProblemCodes.BirthDateMismatch,
                    "De geboortedatum komt niet overeen met de geboortedatum in het INSZ.",
                    "The birth date does not match the birth date encoded in the INSZ.");
            }
        });

        RuleFor(d => d).Custom((d, ctx) =>
        {
            MunicipalityRule.Check(ctx, tables.Municipalities, "participant.residenceNis", d.Participant.ResidenceNis, d.Activity.StartDate);
            if (d.Participant.CompetentOcmwNis is { } ocmw)
            {
                MunicipalityRule.Check(ctx, tables.Municipalities, "participant.competentOcmwNis", ocmw, d.Activity.StartDate);
            }
        });

        RuleFor(d => d).Custom((d, ctx) =>
        {
            // The mutualiteit is reached through the landsbond, given or (contract v2) implied by the ziekenfonds.
            var hasIncapacity = d.Benefits.Contains("INCAPACITY");
            if (d.Participant.Landsbond is null)
            {
                if (hasIncapacity && d.Participant.Ziekenfonds is null)
                {
                    Fail(ctx, d.IsV2 ? "participant.ziekenfonds" : "participant.landsbond", ProblemCodes.LandsbondRequired,
                        d.IsV2
                            ? "Bij een uitkering arbeidsongeschiktheid (INCAPACITY) is het ziekenfonds (of de landsbond) verplicht."
                            : "Bij een uitkering arbeidsongeschiktheid (INCAPACITY) is de landsbond van het ziekenfonds verplicht.",
                        d.IsV2
                            ? "The ziekenfonds (or the landsbond) is required when the participant receives an incapacity benefit (INCAPACITY)."
                            : "The landsbond is required when the participant receives an incapacity benefit (INCAPACITY).");
                }
            }
            else if (!Landsbond.TryParse(d.Participant.Landsbond, out _, out _))
            {
                Fail(ctx, "participant.landsbond", ProblemCodes.LandsbondUnknown,
                    $"Landsbond '{d.Participant.Landsbond}' bestaat niet; geldig zijn {string.Join(", ", Landsbond.All)}.",
                    $"Landsbond '{d.Participant.Landsbond}' does not exist; valid codes are {string.Join(", ", Landsbond.All)}.");
            }
        });

        Include(new ContractV2Rules(BelgianToday));
        RuleFor(d => d).Custom(CheckBenefits);
        RuleFor(d => d).Custom(CheckPeriod);
        RuleFor(d => d).Custom(CheckHours);
        RuleFor(d => d).Custom(CheckAllowance);
    }

    /// <summary>Set in the validation context when the document amends an attest whose start date the hub already
    /// accepted: the late-start window (and its warnings) judged that start then, and does not judge it again.</summary>
    public const string StartAlreadyAccepted = "startAlreadyAccepted";

    /// <summary>Benefits that are never paid for the same days (<c>benefitExclusions</c>, in force on the start date) are refused
    /// together, and so is AMA beside begeleid werken (<c>begeleidWerkenExcludesAma</c>).</summary>
    private void CheckBenefits(AttestDocument d, ValidationContext<AttestDocument> ctx)
    {
        if (d.Participant.BegeleidWerken == true && _tables.BegeleidWerkenExcludesAma?.RowAt(d.Activity.StartDate) is { Value: true })
        {
            Fail(ctx, "participant.begeleidWerken", ProblemCodes.AmaWithBegeleidWerken,
                "Arbeidsmatige activiteiten gaan niet samen met begeleid werken (VAPH): wie begeleid werkt, doet geen arbeidsmatige activiteiten tegelijk.",
                "Work-based activities cannot be combined with begeleid werken (supported employment, VAPH) at the same time.");
        }

        var received = d.Benefits.Aggregate(Benefits.None, (set, name) => ContractNames.TryParseBenefit(name, out var b) ? set | b : set);
        var exclusions = _tables.BenefitExclusions?.RowAt(d.Activity.StartDate)?.Value ?? [];
        foreach (var exclusion in exclusions.Where(e => e.IsBrokenBy(received)))
        {
            var names = string.Join(" + ", ContractNames.BenefitNamesOf(exclusion.Benefits));
            Fail(ctx, "benefits", ProblemCodes.BenefitsExcludeEachOther, $"{names}: {exclusion.WhyNl}", $"{names}: {exclusion.WhyEn}");
        }
    }

    private void CheckPeriod(AttestDocument d, ValidationContext<AttestDocument> ctx)
    {
        var a = d.Activity;
        var maxMonths = _tables.MaxPeriodMonths.At(a.StartDate);
        if (a.EndDate < a.StartDate)
        {
            Fail(ctx, "activity.endDate", ProblemCodes.PeriodEndBeforeStart,
                $"De einddatum {a.EndDate:yyyy-MM-dd} ligt voor de begindatum {a.StartDate:yyyy-MM-dd}.",
                $"The end date {a.EndDate:yyyy-MM-dd} is before the start date {a.StartDate:yyyy-MM-dd}.");
        }
        else if (!d.IsV2 && a.EndDate >= a.StartDate.AddMonths(maxMonths))
        {
            // Contract v1 needs an end within the limit; v2 may leave the end open (permissions are renewed yearly).
            Fail(ctx, "activity.endDate", ProblemCodes.PeriodTooLong,
                $"Een attest (contract v1) geldt voor hoogstens {maxMonths} maanden; de periode moet eindigen voor {a.StartDate.AddMonths(maxMonths):yyyy-MM-dd}.",
                $"An attest (contract v1) covers at most {maxMonths} months; the period must end before {a.StartDate.AddMonths(maxMonths):yyyy-MM-dd}.");
        }

        var today = BelgianToday();
        var window = _tables.LateStartWindowDays.At(today);
        if (ctx.RootContextData.ContainsKey(StartAlreadyAccepted))
        {
            // An amendment that keeps its accepted start: a running activity may be changed long after it began.
        }
        else if (a.StartDate < today.AddDays(-window))
        {
            Fail(ctx, "activity.startDate", ProblemCodes.StartTooFarInPast,
                $"De begindatum mag hoogstens {window} dagen in het verleden liggen (vroegst {today.AddDays(-window):yyyy-MM-dd}).",
                $"The start date may be at most {window} days in the past (earliest {today.AddDays(-window):yyyy-MM-dd}).");
        }
        else
        {
            WarnOfLateStart(d, today, ctx);
        }

        CheckAge(d, ctx);
    }

    /// <summary>At least the minimum age on the start date, and the whole activity before the legal pension: the pension age
    /// follows the birth date and the pension starts on the first of the month after that birthday (<see cref="LegalPension"/>).
    /// An end after the last day is refused; an open-ended activity that reaches it within the year judged is accepted with a
    /// warning naming the last day, and no renewal is planned past it.</summary>
    private void CheckAge(AttestDocument d, ValidationContext<AttestDocument> ctx)
    {
        var (a, birth) = (d.Activity, d.Participant.BirthDate);
        var age = AgeOn(birth, a.StartDate);
        var minimumAge = _tables.MinimumAge.At(a.StartDate);
        if (age < minimumAge)
        {
            Fail(ctx, "participant.birthDate", ProblemCodes.ParticipantUnderage,
                $"De deelnemer moet op de begindatum minstens {minimumAge} jaar zijn (is {age}).",
                $"The participant must be at least {minimumAge} on the start date (is {age}).");
            return;
        }

        var pensionAge = _tables.LegalPension.AgeOf(birth);
        var pensionStart = _tables.LegalPension.StartOf(birth);
        var lastDay = pensionStart.AddDays(-1);
        if (a.StartDate >= pensionStart)
        {
            Fail(ctx, "participant.birthDate", ProblemCodes.ParticipantPensionAge,
                $"Arbeidsmatige activiteiten zijn er tot het wettelijk pensioen. Wie geboren is op {birth:yyyy-MM-dd} heeft pensioenleeftijd {pensionAge}; het pensioen gaat in op {pensionStart:yyyy-MM-dd}, voor de begindatum {a.StartDate:yyyy-MM-dd}.",
                $"Work-based activities end at the legal pension. Born on {birth:yyyy-MM-dd}, the pension age is {pensionAge}; the pension starts on {pensionStart:yyyy-MM-dd}, before the start date {a.StartDate:yyyy-MM-dd}.");
        }
        else if (a.EndDate is { } end && end > lastDay)
        {
            Fail(ctx, "activity.endDate", ProblemCodes.PeriodPastPension,
                $"De activiteit loopt ten laatste tot en met {lastDay:yyyy-MM-dd}: het wettelijk pensioen van de deelnemer (leeftijd {pensionAge}) gaat in op {pensionStart:yyyy-MM-dd}. Kies die einddatum of een eerdere.",
                $"The activity can run up to {lastDay:yyyy-MM-dd} at the latest: the participant's legal pension (age {pensionAge}) starts on {pensionStart:yyyy-MM-dd}. Choose that end date or an earlier one.");
        }
        else if (a.EndDate is null && lastDay < a.StartDate.AddYears(1))
        {
            Warn(ctx, "activity.endDate", ProblemCodes.OpenEndUntilPension,
                $"Open einde: de activiteit loopt ten laatste tot en met {lastDay:yyyy-MM-dd}, de dag voor het wettelijk pensioen van de deelnemer ({pensionStart:yyyy-MM-dd}); de hub vraagt geen toestemming meer voor de tijd erna.",
                $"Open end: the activity runs up to {lastDay:yyyy-MM-dd} at the latest, the day before the participant's legal pension ({pensionStart:yyyy-MM-dd}); the hub asks no permission for the time after it.");
        }
    }

    /// <summary>A start that is accepted although a body should have been told before it: one warning per body,
    /// saying in plain words what is at risk (docs/domain.md, "Who must agree, and when"). The adviserend arts must have the
    /// request at the latest the working day before the start, so a Saturday submission for a Monday start is late too; a
    /// request at most <c>graceDays</c> (14) days late costs 10 % for the days up to it, a later one those days' benefit.</summary>
    private void WarnOfLateStart(AttestDocument d, DateOnly today, ValidationContext<AttestDocument> ctx)
    {
        var start = d.Activity.StartDate;
        if (d.Benefits.Contains("INCAPACITY") && _deadlines.For(DestinationKind.Mutualiteit, start) is { } adviser && today > adviser.DueBy)
        {
            var late = adviser.Rule.LateBy(start, today);
            Warn(ctx, "activity.startDate", late.AfterGrace ? ProblemCodes.LateStartIncapacityPastGrace : ProblemCodes.LateStartIncapacity,
                $"Adviserend arts: de aanvraag moest er ten laatste op {adviser.DueBy:yyyy-MM-dd} zijn (de werkdag voor de start op {start:yyyy-MM-dd}). Komt ze vandaag toe, dan staat op het spel: {late.AtRiskNl}.",
                $"Advising physician: the request was due on {adviser.DueBy:yyyy-MM-dd} at the latest (the working day before the start on {start:yyyy-MM-dd}). If it arrives today, at risk is: {late.AtRiskEn}.");
        }

        if (start >= today)
        {
            return;
        }

        if (d.Benefits.Contains("UNEMPLOYMENT"))
        {
            Warn(ctx, "activity.startDate", ProblemCodes.LateStartUnemployment,
                $"Werkloosheid: de toestemming van de gewestelijke dienst (VDAB, Actiris, Forem of ADG) hoort er voor de start op {start:yyyy-MM-dd} te zijn. De uitkering voor de dagen ervoor komt in gevaar.",
                $"Unemployment: the regional employment service's permission should precede the start on {start:yyyy-MM-dd}. The benefit for the days before it is at risk.");
        }

        if (d.Benefits.Contains("SOCIAL_INTEGRATION"))
        {
            Warn(ctx, "activity.startDate", ProblemCodes.LateStartSocialIntegration,
                $"Leefloon: de toestemming van het OCMW hoort er voor de start op {start:yyyy-MM-dd} te zijn. Het leefloon voor de dagen ervoor komt in gevaar.",
                $"Leefloon: the OCMW's permission should precede the start on {start:yyyy-MM-dd}. The leefloon for the days before it is at risk.");
        }

        Warn(ctx, "activity.startDate", ProblemCodes.LateStartDimona,
            $"Dimona: de aangifte IN moest er ten laatste zijn toen de activiteit begon op {start:yyyy-MM-dd} en is nu laattijdig.",
            $"Dimona: the IN declaration was due at the latest when the activity started on {start:yyyy-MM-dd} and is now late.");
    }

    private void CheckHours(AttestDocument d, ValidationContext<AttestDocument> ctx)
    {
        var hours = d.Activity.HoursPerWeek;
        if (decimal.Round(hours, 2) != hours)
        {
            Fail(ctx, "activity.hoursPerWeek", ProblemCodes.AmountPrecision,
                "Uren per week hebben hoogstens 2 cijfers na de komma.", "Hours per week have at most 2 decimals.");
        }

        // One general ceiling: the old per-benefit caps (28 h, 30 h) have no current source (docs/domain.md).
        var ceiling = _tables.WeeklyHoursCeiling.At(d.Activity.StartDate);
        if (hours > ceiling)
        {
            Fail(ctx, "activity.hoursPerWeek", ProblemCodes.HoursOverCap,
                $"{hours} uur per week is meer dan de {ceiling} uur per week die arbeidsmatige activiteiten hoogstens duren.",
                $"{hours} hours per week exceeds the {ceiling} hours a week that work-based activities may last.");
        }
    }

    private void CheckAllowance(AttestDocument d, ValidationContext<AttestDocument> ctx)
    {
        var a = d.Activity;
        var perDay = a.ExpenseAllowancePerDay;
        if (decimal.Round(perDay, 2) != perDay)
        {
            Fail(ctx, d.AllowancePath, ProblemCodes.AmountPrecision,
                "Een bedrag heeft hoogstens 2 cijfers na de komma (eurocent).", "An amount has at most 2 decimals (euro cents).");
        }

        if (d.Kind == "AMA_WVG")
        {
            // In AMA WVG a flat allowance is no volunteer allowance: it counts as pay, so the volunteer caps do not apply.
            if (perDay > 0)
            {
                Warn(ctx, d.AllowancePath, ProblemCodes.AllowanceCountsAsPay,
                    $"In AMA WVG telt een forfaitaire vergoeding (€{perDay:0.00} per dag) als loon: er zijn RSZ-bijdragen op verschuldigd en de uitkering van de deelnemer kan erdoor dalen. Werkelijke kosten, zoals vervoer op vertoon van een ticket, terugbetalen mag wel.",
                    $"In AMA WVG a flat allowance (€{perDay:0.00} per day) counts as pay: social security contributions are due and the participant's benefit may go down. Refunding real costs, such as transport on a ticket, is fine.");
            }

            return;
        }

        if (a.RealCostsPerDay > 0 && perDay > 0 && _tables.FlatAllowanceTransportKmPerYear?.RowAt(a.StartDate) is { } km)
        {
            // Contract v2 names real costs without saying which: transport may go beside the flat allowance, the rest may not.
            Warn(ctx, "activity.realCostsPerDay", ProblemCodes.AllowanceFlatAndRealCosts,
                $"Een forfaitaire vergoeding (€{perDay:0.00} per dag) en werkelijke kosten (€{a.RealCostsPerDay:0.00} per dag) samen: voor vrijwilligers mag dat alleen als de werkelijke kosten vervoerskosten zijn, tot {km.Value} km per jaar. Andere werkelijke kosten naast een forfait maken er loon van, en dan komt de uitkering van de deelnemer in gevaar.",
                $"A flat allowance (€{perDay:0.00} per day) together with real costs (€{a.RealCostsPerDay:0.00} per day): for volunteers that is allowed only when the real costs are transport, up to {km.Value} km a year. Other real costs beside a flat allowance turn it into pay, and the participant's benefit is at risk.");
        }

        // The day cap applies even when the period itself is wrong (then to the start year alone); an open end
        // is judged for one yearly permission's span, later years at renewal.
        var until = a.EndDate ?? a.StartDate.AddYears(1).AddDays(-1);
        var lastYear = Math.Max(a.StartDate.Year, until.Year);
        for (var year = a.StartDate.Year; year <= lastYear; year++)
        {
            var lookup = _tables.AllowanceCapFor(year == a.StartDate.Year ? a.StartDate : new DateOnly(year, 1, 1));
            WarnOnceIfExtrapolated(lookup, year);
            if (perDay > lookup.Row.Value.PerDay)
            {
                Fail(ctx, d.AllowancePath, ProblemCodes.AllowanceOverDayCap,
                    $"€{perDay:0.00} per dag is meer dan het plafond voor vrijwilligersvergoedingen in {year} (€{lookup.Row.Value.PerDay:0.00} per dag). Daarboven komt de uitkering van de deelnemer in gevaar.",
                    $"€{perDay:0.00} per day exceeds the volunteer allowance cap for {year} (€{lookup.Row.Value.PerDay:0.00} per day). Above it the participant's benefit is at risk.");
                return;
            }
        }

        if (a.EndDate < a.StartDate)
        {
            return; // the period rule reports this; yearly sums would be meaningless
        }

        var daysPerWeek = a.DaysPerWeek ?? _tables.AssumedDaysPerWeek.At(a.StartDate);
        foreach (var (year, activityDays, total) in AllowanceYears.Of(a.StartDate, until, perDay, daysPerWeek))
        {
            var cap = _tables.AllowanceCapFor(year == a.StartDate.Year ? a.StartDate : new DateOnly(year, 1, 1)).Row.Value;
            if (total > cap.PerYear)
            {
                var basisNl = a.DaysPerWeek is null ? $"{daysPerWeek} dagen per week (geen daysPerWeek opgegeven)" : $"{daysPerWeek} dagen per week";
                var basisEn = a.DaysPerWeek is null ? $"{daysPerWeek} days a week (no daysPerWeek given)" : $"{daysPerWeek} days a week";
                Fail(ctx, d.AllowancePath, ProblemCodes.AllowanceOverYearCap,
                    $"Voor {year} komt de vergoeding op €{total:0.00} ({activityDays} dagen, {basisNl}); het jaarplafond is €{cap.PerYear:0.00}. Daarboven komt de uitkering van de deelnemer in gevaar.",
                    $"For {year} the allowance adds up to €{total:0.00} ({activityDays} days, {basisEn}); the yearly cap is €{cap.PerYear:0.00}. Above it the participant's benefit is at risk.");
                return;
            }
        }
    }

    private void WarnOnceIfExtrapolated(AllowanceCapLookup lookup, int year)
    {
        if (lookup.IsExtrapolated && Interlocked.Exchange(ref _extrapolationWarned, 1) == 0)
        {
            _logger.LogWarning(
                "No volunteer allowance cap is known for {Year}; the {ValidFrom} row (€{PerDay}/day, €{PerYear}/year) applies until the official figure is added to the rule tables",
                year, lookup.Row.ValidFrom, lookup.Row.Value.PerDay, lookup.Row.Value.PerYear);
        }
    }

    private DateOnly BelgianToday() => BelgianTime.DayOf(_time.GetUtcNow());

    private static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        return birth.AddYears(age) > on ? age - 1 : age;
    }
}
