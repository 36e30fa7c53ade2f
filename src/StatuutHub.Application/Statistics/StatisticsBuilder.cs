using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Geography;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation.Rules;

namespace StatuutHub.Application.Statistics;

/// <summary>Adds attests up, one at a time (so a million never sit in memory at once), into the sector statistics. Pure: the
/// facts, the day, the province and municipality tables in, the report out.</summary>
/// <remarks>Counted: attests not cancelled. Started in the month of the activity's start; running on the last day of every month
/// from its start to its end (or to <c>asOf</c>); ended in the month of its end date (an early end moves it). Recognition: a body's
/// approval of the first request (a Create message), from the attest's submission. Refusals: every refused message, by its reason.
/// A group is the municipality of residence's province and region on the start day; an unknown code counts under UNKNOWN.</remarks>
/// <param name="roundTo">Every count shown is rounded down to a multiple of this (5): running, started and ended are linked (this
/// month's running is last month's plus started minus ended), so exact counts would give a suppressed one away by differencing.</param>
public sealed class StatisticsBuilder(DateOnly asOf, int threshold, ProvinceTable provinces, MunicipalityRegister municipalities, int roundTo = 5)
{
    private const string Unknown = "UNKNOWN";
    private readonly Dictionary<(string Month, string Province, string Region, string Kind, string Benefit), int[]> _attests = [];
    private readonly Dictionary<(string Month, string Body), List<double>> _recognition = [];
    private readonly Dictionary<(string Body, string Reason), int> _refusals = [];

    /// <summary>Counts one attest.</summary>
    public void Add(AttestFacts facts)
    {
        if (facts.Cancelled)
        {
            return;
        }

        var content = facts.Content;
        var start = content.Activity.StartDate;
        var (province, region) = PlaceOf(content.Participant.ResidenceNis, start);
        var kind = ContractNames.NameOf(content.Kind);
        var benefits = ContractNames.BenefitNamesOf(content.Benefits) is { Count: > 0 } names ? names : ["NONE"];
        foreach (var benefit in benefits)
        {
            void Count(DateOnly day, int measure) => Cell(Month(day), province, region, kind, benefit)[measure]++;
            if (start <= asOf)
            {
                Count(start, 0);
            }

            var last = content.Activity.EndDate is { } end && end < asOf ? end : asOf;
            for (var month = new DateOnly(start.Year, start.Month, 1); month <= last; month = month.AddMonths(1))
            {
                var lastDay = month.AddMonths(1).AddDays(-1);
                if (lastDay <= last && start <= lastDay)
                {
                    Count(lastDay, 1);
                }
            }

            if (content.Activity.EndDate is { } ended && ended <= asOf)
            {
                Count(ended, 2);
            }
        }

        foreach (var delivery in facts.Deliveries)
        {
            var body = Destination.KindName(delivery.Body);
            if (delivery is { Kind: MessageKind.Create, State: DeliveryState.Acknowledged, DecidedAt: { } decided })
            {
                var key = (Month(start), body);
                if (!_recognition.TryGetValue(key, out var days))
                {
                    _recognition[key] = days = [];
                }

                days.Add((decided - facts.SubmittedAt).TotalDays);
            }
            else if (delivery.State == DeliveryState.Rejected)
            {
                var key = (body, delivery.ReasonCode ?? Unknown);
                _refusals[key] = _refusals.GetValueOrDefault(key) + 1;
            }
        }
    }

    /// <summary>The report, with every small cell suppressed and every other count rounded.</summary>
    public StatisticsReport Build(DateTimeOffset computedAt) => new(
        computedAt,
        asOf,
        threshold,
        _attests.OrderBy(c => c.Key).Select(c => new AttestCell(c.Key.Month, c.Key.Province, c.Key.Region, c.Key.Kind, c.Key.Benefit,
            Safe(c.Value[0]), Safe(c.Value[1]), Safe(c.Value[2]))).ToArray(),
        _recognition.OrderBy(c => c.Key).Select(c =>
        {
            var days = c.Value.Order().ToArray();
            return Safe(days.Length) is { } n
                ? new RecognitionCell(c.Key.Month, c.Key.Body, n, Round(Percentile(days, 0.5)), Round(Percentile(days, 0.9)))
                : new RecognitionCell(c.Key.Month, c.Key.Body, null, null, null);
        }).ToArray(),
        _refusals.OrderBy(c => c.Key).Select(c => new RefusalCell(c.Key.Body, c.Key.Reason, Safe(c.Value))).ToArray())
    {
        RoundedTo = roundTo,
    };

    /// <summary>The nearest-rank percentile of sorted values (p90 of ten values is the ninth).</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>Below the threshold (zero too) suppressed; the rest rounded down to a multiple of <c>roundTo</c> (7 → 5, 12 → 10). Zero
    /// is not shown as zero and rounding goes down, so no published value is an exact bound that small counts next to it must meet.</summary>
    private int? Safe(int count) => count < threshold ? null : count / roundTo * roundTo;

    private static double Round(double days) => Math.Round(days, 1, MidpointRounding.AwayFromZero);

    private static string Month(DateOnly day) => day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private int[] Cell(string month, string province, string region, string kind, string benefit)
    {
        var key = (month, province, region, kind, benefit);
        if (!_attests.TryGetValue(key, out var counts))
        {
            _attests[key] = counts = new int[3];
        }

        return counts;
    }

    private (string Province, string Region) PlaceOf(Domain.Identifiers.NisCode residence, DateOnly on)
    {
        // A merged code counts where the municipality it merged into lies; a code that names no municipality counts nowhere.
        var municipality = municipalities.Find(residence, on) switch
        {
            MunicipalityLookup.Valid v => v.Municipality,
            MunicipalityLookup.NotYetValid n => n.Municipality,
            MunicipalityLookup.Merged m => m.Replacement ?? m.Ended,
            _ => null,
        };
        return municipality is null
            ? (Unknown, Unknown)
            : (provinces.Of(municipality.Code, on)?.Code ?? Unknown, RegionCodes.Of(municipality.Region));
    }
}
