namespace StatuutHub.Application.Statistics;

/// <summary>The sector statistics, anonymous by construction: counts and times per group, never an identifier, every count from 0
/// to <see cref="Threshold"/> − 1 suppressed (null, with the cell marked) together with anything computed from so few (a median of
/// three people is about those three people), and every other count rounded down to a multiple of <see cref="RoundedTo"/>.</summary>
/// <param name="AsOf">The Belgian day the report describes ("running" is counted on the last day of each month up to it).</param>
public sealed record StatisticsReport(
    DateTimeOffset ComputedAt,
    DateOnly AsOf,
    int Threshold,
    IReadOnlyList<AttestCell> Attests,
    IReadOnlyList<RecognitionCell> Recognition,
    IReadOnlyList<RefusalCell> Refusals)
{
    /// <summary>Counts are multiples of this (a report kept before rounding says 1).</summary>
    public int RoundedTo { get; init; } = 1;
}

/// <summary>Attests per month, province, region, kind (AMA_WSE/AMA_WVG) and benefit: started in the month, running on its
/// last day, ended in it. An attest with several benefits counts once under each; one with none under NONE.</summary>
public sealed record AttestCell(string Month, string Province, string Region, string Kind, string Benefit, int? Started, int? Running, int? Ended)
{
    /// <summary>True when at least one count of the row is suppressed.</summary>
    public bool Suppressed => Started is null || Running is null || Ended is null;
}

/// <summary>How long a body took to approve a first request, by the month the activity started: from the attest's
/// submission to the body's approval, in days.</summary>
public sealed record RecognitionCell(string Month, string Body, int? Approved, double? MedianDays, double? P90Days)
{
    public bool Suppressed => Approved is null;
}

/// <summary>How often a body refused, per reason code.</summary>
public sealed record RefusalCell(string Body, string ReasonCode, int? Refused)
{
    public bool Suppressed => Refused is null;
}
