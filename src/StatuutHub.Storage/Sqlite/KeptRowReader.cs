using System.Collections;
using System.Data.Common;
using SQLitePCL;

namespace StatuutHub.Storage.Sqlite;

/// <summary>The current row of a kept statement (<see cref="KeptStatements"/>), read in place: the columns convert as Microsoft.Data.Sqlite
/// converts them (integers widen or narrow checked, booleans are non-zero integers, NULL is <see cref="DBNull"/> and no string or
/// number). Stepping belongs to <see cref="KeptStatements"/>; this reader only reads.</summary>
internal sealed class KeptRowReader(sqlite3_stmt statement, int columns) : DbDataReader
{
    public override int FieldCount => columns;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override int Depth => 0;

    public override bool HasRows => true;

    public override bool IsClosed => false;

    public override int RecordsAffected => -1;

    public override bool IsDBNull(int ordinal) => raw.sqlite3_column_type(statement, Checked(ordinal)) == raw.SQLITE_NULL;

    public override long GetInt64(int ordinal) => raw.sqlite3_column_int64(statement, NotNull(ordinal));

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public override byte GetByte(int ordinal) => checked((byte)GetInt64(ordinal));

    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public override double GetDouble(int ordinal) => raw.sqlite3_column_double(statement, NotNull(ordinal));

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    public override string GetString(int ordinal) => raw.sqlite3_column_text(statement, NotNull(ordinal)).utf8_to_string();

    public override object GetValue(int ordinal) => raw.sqlite3_column_type(statement, Checked(ordinal)) switch
    {
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, ordinal),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, ordinal),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(statement, ordinal).utf8_to_string(),
        raw.SQLITE_BLOB => raw.sqlite3_column_blob(statement, ordinal).ToArray(),
        _ => DBNull.Value,
    };

    public override int GetValues(object[] values)
    {
        var n = Math.Min(values.Length, columns);
        for (var i = 0; i < n; i++)
        {
            values[i] = GetValue(i);
        }

        return n;
    }

    public override string GetName(int ordinal) => raw.sqlite3_column_name(statement, Checked(ordinal)).utf8_to_string();

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < columns; i++)
        {
            if (string.Equals(GetName(i), name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "No such column.");
    }

    public override string GetDataTypeName(int ordinal) => raw.sqlite3_column_decltype(statement, Checked(ordinal)).utf8_to_string() ?? "BLOB";

    public override Type GetFieldType(int ordinal) => GetValue(ordinal).GetType();

    public override char GetChar(int ordinal) => throw Unused();

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw Unused();

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw Unused();

    public override DateTime GetDateTime(int ordinal) => throw Unused();

    public override decimal GetDecimal(int ordinal) => throw Unused();

    public override Guid GetGuid(int ordinal) => throw Unused();

    // One row at a time, stepped by the kept statement that owns it.
    public override bool Read() => throw Unused();

    public override bool NextResult() => throw Unused();

    public override IEnumerator GetEnumerator() => throw Unused();

    private int Checked(int ordinal) => (uint)ordinal < (uint)columns ? ordinal : throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, null);

    // Microsoft.Data.Sqlite refuses a NULL where a value is asked for; so does this reader, rather than reading it as 0 or "".
    private int NotNull(int ordinal) => !IsDBNull(ordinal) ? ordinal : throw new InvalidOperationException($"The data is NULL at ordinal {ordinal}: check with IsDBNull first.");

    private static NotSupportedException Unused() => new("Not used by the store's kept statements.");
}
