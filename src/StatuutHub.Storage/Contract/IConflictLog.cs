namespace StatuutHub.Storage.Contract;

/// <summary>Attests refused because they clash with another initiative's attest for the same person. The initiative is told only
/// that support must look (the other attest, its framework and its amounts are not its to know); this log is what support reads,
/// what the alert counts, and what limits an initiative's repeated tries for one person.</summary>
public interface IConflictLog
{
    /// <summary>Records a refusal: the initiative and its attest, the other initiative's attest, the person (by look-up hash) and the real code.</summary>
    Task RecordCrossConflictAsync(CrossConflict conflict, CancellationToken ct);

    /// <summary>How many conflicts the initiative had since <paramref name="since"/>, for one person (<paramref name="insz"/>) or for all.</summary>
    Task<int> CountCrossConflictsAsync(string initiativeKbo, string? insz, DateTimeOffset since, CancellationToken ct);

    /// <summary>The conflicts since <paramref name="since"/>, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<CrossConflict>> ReadCrossConflictsAsync(DateTimeOffset since, int limit, CancellationToken ct);
}

/// <summary>One refused attest and the other initiative's attest it clashed with. <see cref="Insz"/> is given in clear when
/// recording and never read back (the store keeps only its look-up hash).</summary>
public sealed record CrossConflict(string InitiativeKbo, Guid AttestId, Guid OtherAttestId, string Code, DateTimeOffset At, string? Insz = null);
