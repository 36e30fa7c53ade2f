namespace StatuutHub.Domain.Rules;

/// <summary>One value of a rule from a date until another (open-ended when <see cref="ValidTo"/> is null),
/// with the public source it was taken from.</summary>
public sealed record DatedValue<T>(DateOnly ValidFrom, DateOnly? ValidTo, T Value, string Source)
{
    /// <summary>True when the row is in force on <paramref name="on"/>.</summary>
    public bool Covers(DateOnly on) => ValidFrom <= on && (ValidTo is null || on <= ValidTo);
}

/// <summary>A rule value over time: rows that follow each other without a gap or an overlap, each with its
/// source. A table that breaks this is refused when it is built, so a wrong rules file never loads.</summary>
public sealed class DatedTable<T>
{
    /// <summary>Builds the table, sorted by start date; throws <see cref="ArgumentException"/> naming the table
    /// and the rows when there are none, a row ends before it starts or has no source, a value is refused by
    /// <paramref name="isValid"/>, two rows overlap, or a gap lies between two rows.</summary>
    public DatedTable(string name, IEnumerable<DatedValue<T>> rows, Func<T, bool>? isValid = null)
    {
        Name = name;
        Rows = rows.OrderBy(r => r.ValidFrom).ToArray();
        if (Rows.Count == 0)
        {
            throw new ArgumentException($"{name}: the table has no rows.");
        }

        foreach (var row in Rows)
        {
            if (row.ValidTo < row.ValidFrom)
            {
                throw new ArgumentException($"{name}: the row from {row.ValidFrom:yyyy-MM-dd} ends before it starts ({row.ValidTo:yyyy-MM-dd}).");
            }

            if (string.IsNullOrWhiteSpace(row.Source))
            {
                throw new ArgumentException($"{name}: the row from {row.ValidFrom:yyyy-MM-dd} names no source.");
            }

            if (isValid is not null && !isValid(row.Value))
            {
                throw new ArgumentException($"{name}: the row from {row.ValidFrom:yyyy-MM-dd} has a value out of range ({row.Value}).");
            }
        }

        for (var i = 1; i < Rows.Count; i++)
        {
            var (earlier, later) = (Rows[i - 1], Rows[i]);
            if (earlier.ValidTo is not { } end || end >= later.ValidFrom)
            {
                throw new ArgumentException($"{name}: the rows from {earlier.ValidFrom:yyyy-MM-dd} and from {later.ValidFrom:yyyy-MM-dd} overlap.");
            }

            if (end.AddDays(1) != later.ValidFrom)
            {
                throw new ArgumentException($"{name}: no row covers {end.AddDays(1):yyyy-MM-dd} to {later.ValidFrom.AddDays(-1):yyyy-MM-dd}.");
            }
        }
    }

    /// <summary>The table's name, as in the rules file.</summary>
    public string Name { get; }

    /// <summary>The rows, oldest first.</summary>
    public IReadOnlyList<DatedValue<T>> Rows { get; }

    /// <summary>The newest row.</summary>
    public DatedValue<T> Newest => Rows[^1];

    /// <summary>The row in force on <paramref name="on"/>; null before the first row or after a closed last one.</summary>
    public DatedValue<T>? RowAt(DateOnly on) => Rows.LastOrDefault(r => r.Covers(on));

    /// <summary>The value in force on <paramref name="on"/>; throws when the table does not cover that day.</summary>
    public T At(DateOnly on) => RowAt(on) is { } row ? row.Value : throw new InvalidOperationException($"{Name} has no value for {on:yyyy-MM-dd}.");
}
