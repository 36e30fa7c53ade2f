using StatuutHub.Application.Statistics;
using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Storage.Contract;
using StatuutHub.Validation.Rules;
using Xunit.Abstractions;

namespace StatuutHub.Application.Tests.Statistics;

/// <summary>The differencing attack on the published attest counts: within a group, this month's running is last month's plus started
/// minus ended, so a suppressed count next to exact ones can be worked out. The attacker here knows that identity exactly (the
/// generated attests never end on a month's last day, where "running" and "ended" overlap) and narrows every cell to the values the
/// published ones leave possible, equation by equation, until nothing changes. Against suppression alone (0 to 4 hidden, the rest
/// exact) it recovers counts under 5; against the report as published (0 to 4 hidden, the rest rounded down to 5) it recovers none.</summary>
public sealed class StatisticsDifferencingTests(ITestOutputHelper output)
{
    private const int Populations = 200;
    private static readonly DateOnly AsOf = new(2028, 6, 30);
    private static readonly Domain.Geography.ProvinceTable Provinces = ProvincesJson.LoadDefault();
    private static readonly Domain.Geography.MunicipalityRegister Municipalities = MunicipalitiesCsv.LoadDefault();

    [Fact]
    public void DifferencingRecoversNoCountUnderFive_FromThePublishedReport_ButDoesFromSuppressionAlone()
    {
        int published = 0, suppressionOnly = 0, smallCells = 0;
        for (var seed = 1; seed <= Populations; seed++)
        {
            var attests = Generate(new Random(seed)).ToList();
            var truth = Report(attests, threshold: 0, roundTo: 1);
            smallCells += truth.Attests.Sum(c => new[] { c.Started, c.Running, c.Ended }.Count(v => v is > 0 and < 5));
            published += Recovered(Report(attests, threshold: 5, roundTo: 5), truth);
            suppressionOnly += Recovered(Report(attests, threshold: 5, roundTo: 1), truth);
        }

        output.WriteLine($"{Populations} generated populations, {smallCells} true counts from 1 to 4; recovered: {suppressionOnly} with suppression alone, {published} from the published report");
        Assert.True(suppressionOnly > 0, "the attack works against suppression alone (else this test proves nothing)");
        Assert.Equal(0, published);
    }

    /// <summary>How many counts from 1 to 4 the attack pins to their true value (the published values are those of the true counts,
    /// so the true value is always among the ones left).</summary>
    private static int Recovered(StatisticsReport report, StatisticsReport truth)
    {
        var recovered = 0;
        foreach (var group in truth.Attests.GroupBy(c => (c.Province, c.Region, c.Kind, c.Benefit)))
        {
            var shown = report.Attests.Where(c => (c.Province, c.Region, c.Kind, c.Benefit) == group.Key).ToDictionary(c => c.Month);
            var months = Months(group.Min(c => c.Month)!, AsOf).ToArray();
            // Per month: started, running, ended as the sets of values the published report leaves possible.
            var cells = months.Select(m => shown.TryGetValue(m, out var c)
                ? new[] { Possible(c.Started, report), Possible(c.Running, report), Possible(c.Ended, report) }
                : new[] { new HashSet<int> { 0 }, new HashSet<int> { 0 }, new HashSet<int> { 0 } }).ToArray();
            var before = new HashSet<int> { 0 }; // nobody ran before the group's first month
            for (var changed = true; changed;)
            {
                changed = false;
                for (var i = 0; i < months.Length; i++)
                {
                    changed |= Narrow(i == 0 ? before : cells[i - 1][1], cells[i][1], cells[i][0], cells[i][2]);
                }
            }

            var exact = group.ToDictionary(c => c.Month);
            for (var i = 0; i < months.Length; i++)
            {
                var t = exact.TryGetValue(months[i], out var c) ? new[] { c.Started!.Value, c.Running!.Value, c.Ended!.Value } : [0, 0, 0];
                recovered += Enumerable.Range(0, 3).Count(k => t[k] is > 0 and < 5 && cells[i][k].SetEquals([t[k]]));
            }
        }

        return recovered;
    }

    /// <summary>Keeps only the values of each term that some values of the others allow in running = previous + started − ended.</summary>
    private static bool Narrow(HashSet<int> previous, HashSet<int> running, HashSet<int> started, HashSet<int> ended)
    {
        var fits = (from p in previous from s in started from e in ended let r = p + s - e where running.Contains(r) select (p, r, s, e)).ToArray();
        var changed = false;
        foreach (var (set, pick) in new (HashSet<int>, Func<(int P, int R, int S, int E), int>)[] { (previous, f => f.P), (running, f => f.R), (started, f => f.S), (ended, f => f.E) })
        {
            changed |= set.RemoveWhere(v => !fits.Any(f => pick(f) == v)) > 0;
        }

        return changed;
    }

    /// <summary>What a published count allows: a suppressed one 0 to 4, a rounded one the counts that round down to it.</summary>
    private static HashSet<int> Possible(int? shown, StatisticsReport report) => shown switch
    {
        null => [.. Enumerable.Range(0, report.Threshold)],
        { } v => [.. Enumerable.Range(v, report.RoundedTo).Where(n => n >= report.Threshold)],
    };

    private static StatisticsReport Report(IEnumerable<Attest> attests, int threshold, int roundTo)
    {
        var builder = new StatisticsBuilder(AsOf, threshold, Provinces, Municipalities, roundTo);
        foreach (var attest in attests)
        {
            builder.Add(new AttestFacts(attest, DateTimeOffset.UnixEpoch, false, []));
        }

        return builder.Build(DateTimeOffset.UnixEpoch);
    }

    /// <summary>A few dozen attests in two groups, starting in 2027, ending in 2027 or 2028 (never on a month's last day) or open.</summary>
    private static IEnumerable<Attest> Generate(Random random)
    {
        var template = Attests.With(Benefits.Unemployment);
        for (var i = random.Next(15, 60); i > 0; i--)
        {
            var start = new DateOnly(2027, 1, 1).AddDays(random.Next(0, 330));
            var end = random.Next(4) == 0 ? (DateOnly?)null : start.AddDays(random.Next(0, 400));
            if (end is { } e && (e.AddDays(1).Day == 1 || e > AsOf))
            {
                end = e.AddDays(-1) > AsOf || e.AddDays(-1) < start ? null : e.AddDays(-1);
            }

            yield return template with
            {
                Benefits = random.Next(3) == 0 ? Benefits.Incapacity : Benefits.Unemployment,
                Participant = template.Participant with { ResidenceNis = NisCode.Parse("44021") },
                Activity = template.Activity with { StartDate = start, EndDate = end },
            };
        }
    }

    private static IEnumerable<string> Months(string first, DateOnly last)
    {
        for (var m = DateOnly.ParseExact(first + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture); m <= last; m = m.AddMonths(1))
        {
            yield return m.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
