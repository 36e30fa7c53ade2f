using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Geography;

/// <summary>Every NIS code with its validity: answers whether a code names a municipality on a given day, which
/// region it lies in, and, for a code that ended in a merger, which code replaced it. Built from data (Statbel's
/// list with its sources); a list whose rows contradict each other is refused when it is built.</summary>
public sealed class MunicipalityRegister
{
    private readonly Dictionary<string, Municipality[]> _byCode;

    /// <summary>Builds the register; throws <see cref="ArgumentException"/> naming the code when two rows of one code
    /// overlap, a row ends before it starts or names no source, an ended code names no successor, or a successor
    /// does not exist on the day after its predecessor's last day.</summary>
    public MunicipalityRegister(IEnumerable<Municipality> rows)
    {
        _byCode = rows.GroupBy(r => r.Code.Value)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.ValidFrom ?? DateOnly.MinValue).ToArray());
        if (_byCode.Count == 0)
        {
            throw new ArgumentException("municipalities: the list has no rows.");
        }

        foreach (var (code, versions) in _byCode)
        {
            Check(code, versions);
        }
    }

    /// <summary>How many codes the register knows, in force or ended.</summary>
    public int Count => _byCode.Count;

    /// <summary>The municipalities in force on <paramref name="on"/>.</summary>
    public IEnumerable<Municipality> InForce(DateOnly on) => _byCode.Values.SelectMany(v => v).Where(m => m.Covers(on));

    /// <summary>What <paramref name="code"/> means on <paramref name="on"/>.</summary>
    public MunicipalityLookup Find(NisCode code, DateOnly on)
    {
        if (!_byCode.TryGetValue(code.Value, out var versions))
        {
            return new MunicipalityLookup.Unknown();
        }

        if (versions.FirstOrDefault(v => v.Covers(on)) is { } valid)
        {
            return new MunicipalityLookup.Valid(valid);
        }

        var ended = versions.LastOrDefault(v => v.ValidTo < on);
        if (ended is null)
        {
            return new MunicipalityLookup.NotYetValid(versions[0]);
        }

        return new MunicipalityLookup.Merged(ended, ReplacementOf(ended, on));
    }

    // Follows merger after merger to the code in force on the day asked about (a bounded walk: the data is checked
    // for successors that exist, not for cycles).
    private Municipality? ReplacementOf(Municipality ended, DateOnly on)
    {
        var step = ended;
        for (var hop = 0; hop < 16 && step.Successor is { } next; hop++)
        {
            var versions = _byCode[next.Value];
            if (versions.FirstOrDefault(v => v.Covers(on)) is { } found)
            {
                return found;
            }

            if (versions.LastOrDefault(v => v.ValidTo < on) is not { } endedToo)
            {
                return null;
            }

            step = endedToo;
        }

        return null;
    }

    private void Check(string code, Municipality[] versions)
    {
        for (var i = 0; i < versions.Length; i++)
        {
            var row = versions[i];
            if (string.IsNullOrWhiteSpace(row.Source))
            {
                throw new ArgumentException($"municipalities: {code} names no source.");
            }

            if (row.ValidFrom > row.ValidTo)
            {
                throw new ArgumentException($"municipalities: {code} ends before it starts.");
            }

            if (i > 0 && (versions[i - 1].ValidTo is not { } end || end >= (row.ValidFrom ?? DateOnly.MinValue)))
            {
                throw new ArgumentException($"municipalities: two rows of {code} overlap.");
            }

            if (row.ValidTo is { } last && i == versions.Length - 1)
            {
                if (row.Successor is not { } successor)
                {
                    throw new ArgumentException($"municipalities: {code} ends on {last:yyyy-MM-dd} but names no successor.");
                }

                if (!_byCode.TryGetValue(successor.Value, out var next) || !next.Any(v => v.Covers(last.AddDays(1))))
                {
                    throw new ArgumentException($"municipalities: {code} ends on {last:yyyy-MM-dd}, but its successor {successor} does not exist on {last.AddDays(1):yyyy-MM-dd}.");
                }
            }
        }
    }
}

/// <summary>What a NIS code means on one day.</summary>
public abstract record MunicipalityLookup
{
    private MunicipalityLookup()
    {
    }

    /// <summary>The code names this municipality on that day.</summary>
    public sealed record Valid(Municipality Municipality) : MunicipalityLookup;

    /// <summary>No Belgian municipality ever had this code.</summary>
    public sealed record Unknown : MunicipalityLookup;

    /// <summary>The code exists only from a later day (a merger that had not happened yet).</summary>
    public sealed record NotYetValid(Municipality Municipality) : MunicipalityLookup;

    /// <summary>The code ended in a merger before that day; <paramref name="Replacement"/> is the code in force then.</summary>
    public sealed record Merged(Municipality Ended, Municipality? Replacement) : MunicipalityLookup;
}
