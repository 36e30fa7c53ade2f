using System.Text.Json;
using System.Text.Json.Serialization;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Routing;
using StatuutHub.Domain.Rules;

namespace StatuutHub.Validation.Rules;

/// <summary>Reads the rule tables from their JSON form: the built-in <c>rules.json</c>, or an operator's file
/// (<c>Rules:Path</c>). Every table is a list of dated rows with a source; a table with a gap, an overlap, a row
/// without a source or a value out of range is refused with the reason.</summary>
public static class RuleTablesJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The tables shipped with the hub (sources in each row), with the given municipality list or the built-in one.</summary>
    public static RuleTables LoadDefault(MunicipalityRegister? municipalities = null)
    {
        using var stream = typeof(RuleTablesJson).Assembly.GetManifestResourceStream("rules.json")
            ?? throw new InvalidOperationException("The built-in rules.json resource is missing.");
        return Load(stream, municipalities);
    }

    /// <summary>Reads tables from a JSON stream; throws <see cref="InvalidDataException"/> with the reason when they are unusable.
    /// The municipalities come from their own list (<see cref="MunicipalitiesCsv"/>): the built-in one unless given.</summary>
    public static RuleTables Load(Stream json, MunicipalityRegister? municipalities = null)
    {
        try
        {
            var file = JsonSerializer.Deserialize<RulesFile>(json, Options) ?? throw new InvalidDataException("The rules file is empty.");
            var tables = new RuleTables(
                Table("minimumAge", file.MinimumAge, v => v is >= 16 and <= 25),
                new LegalPension(Table("legalPensionAgeByBirthDate", file.LegalPensionAgeByBirthDate, v => v is >= 60 and <= 70)),
                Table("weeklyHoursCeiling", file.WeeklyHoursCeiling, v => v is > 0 and <= 50),
                new DatedTable<AllowanceCap>("allowanceCaps", Required("allowanceCaps", file.AllowanceCaps)
                    .Select(r => new DatedValue<AllowanceCap>(r.ValidFrom, r.ValidTo, new AllowanceCap(r.PerDay, r.PerYear), r.Source)),
                    cap => cap.PerDay > 0 && cap.PerYear >= cap.PerDay),
                Table("maxPeriodMonths", file.MaxPeriodMonths, v => v is > 0 and <= 120),
                Table("lateStartWindowDays", file.LateStartWindowDays, v => v is >= 0 and <= 366),
                Table("assumedDaysPerWeek", file.AssumedDaysPerWeek, v => v is >= 1 and <= 7),
                new DatedTable<IReadOnlyList<PublicHoliday>>("publicHolidays", Required("publicHolidays", file.PublicHolidays)
                    .Select(r => new DatedValue<IReadOnlyList<PublicHoliday>>(r.ValidFrom, r.ValidTo, r.Value.Select(h => new PublicHoliday(h.Name, h.Month, h.Day, h.DaysAfterEaster)).ToArray(), r.Source)),
                    days => days.Count > 0 && days.All(h => h.IsWellFormed())),
                new DatedTable<IReadOnlyList<SubmissionDeadline>>("submissionDeadlines", Required("submissionDeadlines", file.SubmissionDeadlines)
                    .Select(r => new DatedValue<IReadOnlyList<SubmissionDeadline>>(r.ValidFrom, r.ValidTo, r.Value.Select(Deadline).ToArray(), r.Source)),
                    deadlines => deadlines.Count > 0 && deadlines.Select(d => (d.Destination, d.Kind)).Distinct().Count() == deadlines.Count),
                municipalities ?? MunicipalitiesCsv.LoadDefault(),
                Rows("routes", file.Routes, RoutingRulesJson.Route, routes => routes.Count > 0 && routes.Any(r => r.To == RouteTarget.Dimona)),
                Rows("regionalEmploymentServices", file.RegionalEmploymentServices, RoutingRulesJson.Service,
                    services => services.Select(s => s.Region).Distinct().Count() == Enum.GetValues<Region>().Length && services.Count == Enum.GetValues<Region>().Length),
                Rows("permissionValidity", file.PermissionValidity, RoutingRulesJson.Validity,
                    validity => validity.All(v => v.Months is > 0 and <= 60 && v.RenewBeforeDays >= 0 && v.RenewBeforeDays < v.Months * 28) && validity.Select(v => v.Body).Distinct().Count() == validity.Count))
            {
                BegeleidWerkenExcludesAma = Table("begeleidWerkenExcludesAma", file.BegeleidWerkenExcludesAma, _ => true),
                FlatAllowanceTransportKmPerYear = Table("flatAllowanceTransportKmPerYear", file.FlatAllowanceTransportKmPerYear, v => v is > 0 and <= 100_000),
                BenefitExclusions = Rows("benefitExclusions", file.BenefitExclusions, Exclusion, rows => rows.All(r => r.Benefits != Benefits.None)),
            };
            return tables;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The rules file is not usable: {ex.Message}", ex);
        }
    }

    private static SubmissionDeadline Deadline(DeadlineJson d) => new(
        Destination.TryParseKind(d.Destination, out var kind) ? kind : throw new InvalidDataException($"submissionDeadlines: unknown destination '{d.Destination}'."),
        d.Rule switch
        {
            "BEFORE_START" => DeadlineRule.BeforeStart,
            "WORKING_DAY_BEFORE_START" => DeadlineRule.WorkingDayBeforeStart,
            "AT_START" => DeadlineRule.AtStart,
            "FIRST_WORKING_DAY_AFTER_END" => DeadlineRule.FirstWorkingDayAfterEnd,
            _ => throw new InvalidDataException($"submissionDeadlines: unknown rule '{d.Rule}'; use BEFORE_START, WORKING_DAY_BEFORE_START, AT_START or FIRST_WORKING_DAY_AFTER_END."),
        },
        d.AtRiskNl,
        d.AtRiskEn,
        d.Source)
    {
        Kind = d.Message switch
        {
            null or "CREATE" => MessageKind.Create,
            "END" => MessageKind.End,
            "CANCEL" => MessageKind.Cancel,
            _ => throw new InvalidDataException($"submissionDeadlines: unknown message '{d.Message}'; use CREATE, END or CANCEL."),
        },
        GraceDays = d.GraceDays is null or (>= 1 and <= 366) ? d.GraceDays : throw new InvalidDataException($"submissionDeadlines: graceDays {d.GraceDays} is out of range."),
        AtRiskAfterGraceNl = d.AtRiskAfterGraceNl,
        AtRiskAfterGraceEn = d.AtRiskAfterGraceEn,
    };

    private static BenefitExclusion Exclusion(ExclusionJson e) => new(
        e.Benefits.Aggregate(Benefits.None, (set, name) => set | (ContractNames.TryParseBenefit(name, out var b) ? b
            : throw new InvalidDataException($"benefitExclusions: unknown benefit '{name}'."))),
        e.WhyNl, e.WhyEn, !string.IsNullOrWhiteSpace(e.Source) ? e.Source : throw new InvalidDataException("benefitExclusions: a row names no source."));

    private static DatedTable<IReadOnlyList<T>> Rows<TJson, T>(string name, Row<TJson[]>[]? rows, Func<TJson, T> read, Func<IReadOnlyList<T>, bool> isValid) =>
        new(name, Required(name, rows).Select(r => new DatedValue<IReadOnlyList<T>>(r.ValidFrom, r.ValidTo, r.Value.Select(read).ToArray(), r.Source)), isValid);

    private static DatedTable<T> Table<T>(string name, Row<T>[]? rows, Func<T, bool> isValid) =>
        new(name, Required(name, rows).Select(r => new DatedValue<T>(r.ValidFrom, r.ValidTo, r.Value, r.Source)), isValid);

    private static T[] Required<T>(string name, T[]? rows) => rows ?? throw new InvalidDataException($"The rules file has no table '{name}'.");

    private sealed record RulesFile(
        Row<int>[]? MinimumAge,
        Row<int>[]? LegalPensionAgeByBirthDate,
        Row<decimal>[]? WeeklyHoursCeiling,
        AllowanceCapJson[]? AllowanceCaps,
        Row<int>[]? MaxPeriodMonths,
        Row<int>[]? LateStartWindowDays,
        Row<int>[]? AssumedDaysPerWeek,
        Row<HolidayJson[]>[]? PublicHolidays,
        Row<DeadlineJson[]>[]? SubmissionDeadlines,
        Row<RoutingRulesJson.RouteJson[]>[]? Routes,
        Row<RoutingRulesJson.ServiceJson[]>[]? RegionalEmploymentServices,
        Row<RoutingRulesJson.ValidityJson[]>[]? PermissionValidity,
        Row<ExclusionJson[]>[]? BenefitExclusions,
        Row<int>[]? FlatAllowanceTransportKmPerYear,
        Row<bool>[]? BegeleidWerkenExcludesAma);

    private sealed record ExclusionJson(string[] Benefits, string WhyNl, string WhyEn, string Source);

    private sealed record DeadlineJson(string Destination, string Rule, string AtRiskNl, string AtRiskEn, string Source,
        string? Message = null, int? GraceDays = null, string? AtRiskAfterGraceNl = null, string? AtRiskAfterGraceEn = null);

    private sealed record HolidayJson(string Name, int? Month, int? Day, int? DaysAfterEaster);

    private sealed record Row<T>(DateOnly ValidFrom, DateOnly? ValidTo, T Value, string Source);

    private sealed record AllowanceCapJson(DateOnly ValidFrom, DateOnly? ValidTo, decimal PerDay, decimal PerYear, string Source);
}
