using System.Data.Common;
using System.Globalization;

namespace StatuutHub.Storage.Relational;

/// <summary>The current row of a query, read by column name, with the store's column conventions in one place: a moment is Unix
/// milliseconds on SQLite and a timestamptz on PostgreSQL, an id text or a uuid, a flag 0/1 or a boolean; days are ISO dates,
/// enums their names. A statement's column names (or aliases) are what the code reads, so reordering a SELECT cannot shift a
/// value into the wrong field.</summary>
public readonly struct Row(DbDataReader reader)
{
    /// <summary>Whether the column holds a value (is not NULL).</summary>
    public bool Has(string column) => !reader.IsDBNull(reader.GetOrdinal(column));

    /// <summary>A text column, or an id column as its text.</summary>
    public string Text(string column) => reader.GetValue(reader.GetOrdinal(column)) switch
    {
        string text => text,
        Guid id => id.ToString("D"),
        var other => throw new InvalidCastException($"Column {column} holds {other.GetType().Name}, not text."),
    };

    public string? OptionalText(string column) => Has(column) ? Text(column) : null;

    /// <summary>An integer column; SQLite hands every integer back as 64 bits, PostgreSQL as the column's own width.</summary>
    public long Long(string column) => Convert.ToInt64(reader.GetValue(reader.GetOrdinal(column)), CultureInfo.InvariantCulture);

    public long? OptionalLong(string column) => Has(column) ? Long(column) : null;

    public int Int(string column) => checked((int)Long(column));

    public bool Flag(string column) => reader.GetValue(reader.GetOrdinal(column)) is bool flag ? flag : Long(column) != 0;

    public Guid Id(string column) => reader.GetValue(reader.GetOrdinal(column)) is Guid id ? id : Guid.Parse(Text(column));

    public TEnum Enum<TEnum>(string column)
        where TEnum : struct, Enum => System.Enum.Parse<TEnum>(Text(column));

    public DateTimeOffset Time(string column) => reader.GetValue(reader.GetOrdinal(column)) switch
    {
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset at => at,
        var ms => DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(ms, CultureInfo.InvariantCulture)),
    };

    public DateTimeOffset? OptionalTime(string column) => Has(column) ? Time(column) : null;

    public DateOnly Day(string column) => DateOnly.ParseExact(Text(column), "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public DateOnly? OptionalDay(string column) => Has(column) ? Day(column) : null;
}
