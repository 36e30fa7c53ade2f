using System.Data.Common;

namespace StatuutHub.Storage.Relational;

/// <summary>A write that the units of one group commit share: each unit adds to it, and it is written once, just before the
/// commit, instead of once per unit (the embedded store's delivery counts).</summary>
internal interface ISharedBeforeCommit
{
    /// <summary>The unit that ran last is kept (its additions go with the commit) or undone (they go with it).</summary>
    void UnitDone(bool kept);

    /// <summary>Writes what the kept units added, in the batch's transaction, before its commit.</summary>
    Task WriteAsync(DbConnection connection, DbTransaction tx);

    /// <summary>Forgets everything: the batch was committed, or undone as a whole.</summary>
    void Clear();
}
