using StatuutHub.Storage.Contract;

namespace StatuutHub.Storage.Relational;

/// <summary>Conflicts with another initiative's attest: one row per refusal, the person by look-up hash only.</summary>
public abstract partial class RelationalHubStore
{
    /// <inheritdoc />
    public Task RecordCrossConflictAsync(CrossConflict conflict, CancellationToken ct) => Db.WriteAsync((connection, tx, ct) =>
        Db.ExecAsync(connection, tx, """
            INSERT INTO cross_conflicts (initiative_kbo, attest_id, other_attest_id, insz, code, at) VALUES (@kbo, @id, @other, @insz, @code, @at)
            """, ct, ("@kbo", conflict.InitiativeKbo), ("@id", conflict.AttestId.ToString("D")), ("@other", conflict.OtherAttestId.ToString("D")),
            ("@insz", Protector.Lookup(conflict.Insz ?? throw new ArgumentException("A conflict is recorded with its person's INSZ.", nameof(conflict)))),
            ("@code", conflict.Code), ("@at", conflict.At)), ct);

    /// <inheritdoc />
    public async Task<int> CountCrossConflictsAsync(string initiativeKbo, string? insz, DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        return insz is null
            ? await Db.ScalarAsync<int>(connection, null, "SELECT COUNT(*) FROM cross_conflicts WHERE initiative_kbo = @kbo AND at >= @since", ct,
                ("@kbo", initiativeKbo), ("@since", since))
            : await Db.ScalarAsync<int>(connection, null, "SELECT COUNT(*) FROM cross_conflicts WHERE initiative_kbo = @kbo AND at >= @since AND insz = @insz", ct,
                ("@kbo", initiativeKbo), ("@since", since), ("@insz", Protector.Lookup(insz)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CrossConflict>> ReadCrossConflictsAsync(DateTimeOffset since, int limit, CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        return await Db.ReadAllAsync(connection, null, $"""
            SELECT initiative_kbo, attest_id, other_attest_id, code, at FROM cross_conflicts WHERE at >= @since
            ORDER BY at DESC, attest_id LIMIT {Math.Clamp(limit, 1, 1000)}
            """, r => new CrossConflict(r.Text("initiative_kbo"), r.Id("attest_id"), r.Id("other_attest_id"), r.Text("code"), r.Time("at")), ct, ("@since", since));
    }
}
