using System.Text.Json;
using System.Text.Json.Serialization;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Rules;

namespace StatuutHub.Validation.Rules;

/// <summary>Reads the rule tables from their JSON form: the built-in <c>rules.json</c>, or an operator's file.</summary>
public static class RuleTablesJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The tables shipped with the hub (sources in each row).</summary>
    public static RuleTables LoadDefault()
    {
        using var stream = typeof(RuleTablesJson).Assembly.GetManifestResourceStream("rules.json")
            ?? throw new InvalidOperationException("The built-in rules.json resource is missing.");
        return Load(stream);
    }

    /// <summary>Reads tables from a JSON stream; throws <see cref="InvalidDataException"/> with the reason when they are unusable.</summary>
    public static RuleTables Load(Stream json)
    {
        try
        {
            var file = JsonSerializer.Deserialize<RulesFile>(json, Options) ?? throw new InvalidDataException("The rules file is empty.");
            return new RuleTables(
                file.HoursCaps.Select(r => new HoursCapRow(
                    ContractNames.TryParseBenefit(r.Benefit, out var benefit) ? benefit : throw new InvalidDataException($"Unknown benefit '{r.Benefit}' in hoursCaps."),
                    r.ValidFrom,
                    r.MaxHoursPerWeek,
                    r.Source)),
                file.AllowanceCaps.Select(r => new AllowanceCapRow(r.ValidFrom, r.PerDay, r.PerYear, r.Source)),
                file.Limits.Select(r => new LimitsRow(r.ValidFrom, r.MinimumAge, r.MaxPeriodMonths, r.MaxBackdatingDays, r.AssumedDaysPerWeek, r.Source)));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The rules file is not usable: {ex.Message}", ex);
        }
    }

    private sealed record RulesFile(HoursCapJson[] HoursCaps, AllowanceCapJson[] AllowanceCaps, LimitsJson[] Limits);

    private sealed record HoursCapJson(string Benefit, DateOnly ValidFrom, decimal? MaxHoursPerWeek, string Source);

    private sealed record AllowanceCapJson(DateOnly ValidFrom, decimal PerDay, decimal PerYear, string Source);

    private sealed record LimitsJson(DateOnly ValidFrom, int MinimumAge, int MaxPeriodMonths, int MaxBackdatingDays, int AssumedDaysPerWeek, string Source);
}
