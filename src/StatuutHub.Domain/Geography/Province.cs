using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Geography;

/// <summary>A Belgian province, or the Brussels-Capital Region (which belongs to none), as the sector's statistics group
/// municipalities. <paramref name="Code"/> is short and stable (ANT, VBR, BRU, ...).</summary>
public sealed record Province(string Code, string NameNl, string NameEn);

/// <summary>Which province a municipality lies in: Statbel's NIS code names its province by its first digit, and since the
/// split of Brabant (1995) the two Brabants by the arrondissement (its first two digits). A dated table with a source per row,
/// so a new province layout is a new row, not a code change.</summary>
public sealed class ProvinceTable
{
    private readonly IReadOnlyList<ProvinceRow> _rows;

    public ProvinceTable(IEnumerable<ProvinceRow> rows)
    {
        _rows = rows.OrderByDescending(r => r.Prefix.Length).ToArray();
        var duplicate = _rows.GroupBy(r => (r.Prefix, r.ValidFrom)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"provinces: the prefix {duplicate.Key.Prefix} is listed twice from {duplicate.Key.ValidFrom:yyyy-MM-dd}.");
        }

        if (_rows.Any(r => r.Prefix.Length is < 1 or > 2 || !r.Prefix.All(char.IsAsciiDigit) || string.IsNullOrWhiteSpace(r.Source)))
        {
            throw new ArgumentException("provinces: every row has a prefix of one or two digits and a source.");
        }
    }

    public IReadOnlyList<ProvinceRow> Rows => _rows;

    /// <summary>The province of the municipality <paramref name="code"/> on <paramref name="on"/>: the longest prefix in force that
    /// the code starts with; null for a code no row covers.</summary>
    public Province? Of(NisCode code, DateOnly on) =>
        _rows.FirstOrDefault(r => code.Value.StartsWith(r.Prefix, StringComparison.Ordinal) && r.ValidFrom <= on && (r.ValidTo is null || on <= r.ValidTo))?.Province;
}

/// <summary>One row: the NIS prefix, its province, the days it holds and where that is written.</summary>
public sealed record ProvinceRow(string Prefix, Province Province, DateOnly ValidFrom, DateOnly? ValidTo, string Source);
