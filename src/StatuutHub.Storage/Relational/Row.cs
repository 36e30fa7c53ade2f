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
    public bool Has(string column) => Value(column) is not DBNull;

    /// <summary>A text column, or an id column as its text.</summary>
    public string Text(string column) => AsText(Value(column), column);

    public string? OptionalText(string column) => Value(column) is var value and not DBNull ? AsText(value, column) : null;

    /// <summary>An integer column; SQLite hands every integer back as 64 bits, PostgreSQL as the column's own width.</summary>
    public long Long(string column) => AsLong(Value(column));

    public long? OptionalLong(string column) => Value(column) is var value and not DBNull ? AsLong(value) : null;

    public int Int(string column) => checked((int)Long(column));

    public bool Flag(string column) => Value(column) switch
    {
        bool flag => flag,
        var number => AsLong(number) != 0,
    };

    public Guid Id(string column) => Value(column) switch
    {
        Guid id => id,
        var text => Guid.Parse(AsText(text, column)),
    };

    public TEnum Enum<TEnum>(string column)
        where TEnum : struct, Enum => System.Enum.Parse<TEnum>(Text(column));

    public DateTimeOffset Time(string column) => AsTime(Value(column));

    public DateTimeOffset? OptionalTime(string column) => Value(column) is var value and not DBNull ? AsTime(value) : null;

    public DateOnly Day(string column) => AsDay(Value(column), column);

    public DateOnly? OptionalDay(string column) => Value(column) is var value and not DBNull ? AsDay(value, column) : null;

    private object Value(string column) => reader.GetValue(reader.GetOrdinal(column));

    private static string AsText(object value, string column) => value switch
    {
        string text => text,
        Guid id => id.ToString("D"),
        _ => throw new InvalidCastException($"Column {column} holds {value.GetType().Name}, not text."),
    };

    private static long AsLong(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static DateTimeOffset AsTime(object value) => value switch
    {
        DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
        DateTimeOffset at => at,
        _ => DateTimeOffset.FromUnixTimeMilliseconds(AsLong(value)),
    };

    private static DateOnly AsDay(object value, string column) => DateOnly.ParseExact(AsText(value, column), "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
