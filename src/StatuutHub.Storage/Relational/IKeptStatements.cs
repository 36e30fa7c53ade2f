using System.Data.Common;

namespace StatuutHub.Storage.Relational;

/// <summary>Statements a long-lived connection runs from statements it prepared once (the embedded store's writer). Each method
/// answers false, having run nothing, for values it does not take; the statement then runs as an ordinary command.</summary>
internal interface IKeptStatements
{
    /// <summary>Runs every statement of <paramref name="sql"/>; <paramref name="changed"/> is the rows the writing ones changed (-1: none writes).</summary>
    bool TryExecute(string sql, (string Name, object? Value)[] parameters, CancellationToken ct, out int changed);

    /// <summary>Runs every statement of <paramref name="sql"/>; <paramref name="rows"/> are the first (at most
    /// <paramref name="maxRows"/>) rows of the first one that returns columns, each read through <paramref name="read"/>.</summary>
    bool TryRead<T>(string sql, (string Name, object? Value)[] parameters, Func<DbDataReader, T> read, int maxRows, CancellationToken ct, out List<T> rows);
}
