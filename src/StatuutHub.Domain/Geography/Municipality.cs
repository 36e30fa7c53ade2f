using StatuutHub.Domain.Identifiers;

namespace StatuutHub.Domain.Geography;

/// <summary>One NIS code of a Belgian municipality and the days it is valid. A code that ended names its
/// <see cref="Successor"/>: the municipality it merged into.</summary>
/// <param name="ValidFrom">First day; null when the code was in force before the list's first day.</param>
/// <param name="ValidTo">Last day; null while the code is in force.</param>
public sealed record Municipality(
    NisCode Code,
    string NameNl,
    string? NameFr,
    Region Region,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    NisCode? Successor,
    string Source)
{
    /// <summary>True when the code names a municipality on <paramref name="on"/>.</summary>
    public bool Covers(DateOnly on) => (ValidFrom is null || ValidFrom <= on) && (ValidTo is null || on <= ValidTo);
}
