using StatuutHub.Storage.Contract;
using StatuutHub.Storage.Protection;
using StatuutHub.Storage.Serialization;

namespace StatuutHub.Storage.Relational;

/// <summary>Key rotation and the sealing of rows written before protection: a pass walks the attest versions in key order, one short
/// transaction per batch, so writers are never held up for long.</summary>
public abstract partial class RelationalHubStore
{
    /// <summary>For the tests' gates: run after a re-sealing batch read its rows and before it writes them, where a purge can come between.</summary>
    internal Func<Task>? AfterReprotectRead { get; set; }

    /// <summary>What a completed pass is recorded under: the format and the key (a pass recorded for a key before rows were bound,
    /// as the bare key id, does not count, so the next start moves the <c>pd1:</c> rows to <c>pd2:</c>).</summary>
    private string PassKey => PersonalDataProtector.SealedPrefix + Protector.CurrentKeyId;

    /// <inheritdoc />
    /// <remarks>When it is, the protector refuses content in clear from then on.</remarks>
    public async Task<bool> IsSealedWithCurrentKeyAsync(CancellationToken ct)
    {
        await using var connection = await Db.OpenAsync(ct);
        var sealedThroughout = await Db.ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM protection_passes WHERE key_id = @k", ct, ("@k", PassKey)) > 0;
        if (sealedThroughout)
        {
            Protector.RefuseClearContent();
        }

        return sealedThroughout;
    }

    /// <inheritdoc />
    /// <remarks>From then on the protector refuses content in clear.</remarks>
    public async Task MarkSealedWithCurrentKeyAsync(DateTimeOffset at, CancellationToken ct)
    {
        await Db.WriteAsync(async (connection, tx, ct) =>
        {
            await Db.ExecAsync(connection, tx, "DELETE FROM protection_passes WHERE key_id = @k", ct, ("@k", PassKey));
            await Db.ExecAsync(connection, tx, "INSERT INTO protection_passes (key_id, completed_at) VALUES (@k, @at)", ct, ("@k", PassKey), ("@at", at));
            return true;
        }, ct);
        Protector.RefuseClearContent();
    }

    /// <inheritdoc />
    public async Task<ProtectionBatch> ReprotectAsync(ProtectionCursor? after, int batchSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (after is null)
        {
            await ResealCallbackSecretsAsync(ct);
        }

        List<(string Id, int Version, string Stored)> rows;
        await using (var connection = await Db.OpenAsync(ct))
        {
            // Read outside the writer: a pass over a store sealed with the current key writes nothing.
            rows = await Db.ReadAllAsync(connection, null, $"""
                SELECT attest_id, version, content_json FROM attest_versions
                WHERE attest_id > @id OR (attest_id = @id AND version > @v)
                ORDER BY attest_id, version LIMIT {batchSize}
                """, r => (Id: r.Text("attest_id"), Version: r.Int("version"), Stored: r.Text("content_json")), ct,
                ("@id", after?.AttestId ?? StoredValues.BeforeEveryId), ("@v", after?.Version ?? 0));
        }

        var stale = rows.Where(r => !r.Stored.StartsWith(Protector.CurrentPrefix, StringComparison.Ordinal) && r.Stored != StoredValues.PurgedContent).ToList();
        var next = rows.Count < batchSize ? null : new ProtectionCursor(rows[^1].Id, rows[^1].Version);
        if (stale.Count == 0)
        {
            return new ProtectionBatch(rows.Count, 0, next);
        }

        // Sealing needs no database: done before the write unit, which only stores the results.
        var resealed = stale.Select(r => (r.Id, r.Version, r.Stored, Sealed: Protector.Reseal(r.Stored, PersonalDataProtector.AttestVersionRow(r.Id, r.Version)),
            Insz: PersonalDataProtector.IsSealed(r.Stored) ? null : CanonicalAttestJson.Read(r.Stored).Participant.Insz.Value)).ToList();
        if (AfterReprotectRead is { } gate)
        {
            await gate();
        }

        await Db.WriteAsync(async (connection, tx, ct) =>
        {
            foreach (var (id, version, stored, sealedContent, insz) in resealed)
            {
                // Only over what was read: a version purged (or changed) since then keeps what it became, so the pass can never
                // bring back personal data the purge removed.
                await Db.ExecAsync(connection, tx, "UPDATE attest_versions SET content_json = @json WHERE attest_id = @id AND version = @v AND content_json = @old", ct,
                    ("@json", sealedContent), ("@id", id), ("@v", version), ("@old", stored));
                if (insz is not null)
                {
                    // Written before protection: the look-up column still holds the INSZ itself.
                    await Db.ExecAsync(connection, tx, "UPDATE attests SET insz = @hash WHERE attest_id = @id AND insz = @clear", ct,
                        ("@hash", Protector.Lookup(insz)), ("@id", id), ("@clear", insz));
                }
            }

            return resealed.Count;
        }, ct);
        return new ProtectionBatch(rows.Count, resealed.Count, next);
    }

    /// <summary>The initiatives' callback secrets (a handful of rows) move to the current key with the first batch of a pass.</summary>
    private async Task ResealCallbackSecretsAsync(CancellationToken ct)
    {
        List<(string Kbo, string Secret)> stale;
        await using (var connection = await Db.OpenAsync(ct))
        {
            stale = (await Db.ReadAllAsync(connection, null, "SELECT initiative_kbo, secret FROM callback_subscriptions", r => (Kbo: r.Text("initiative_kbo"), Secret: r.Text("secret")), ct))
                .Where(s => !s.Secret.StartsWith(Protector.CurrentPrefix, StringComparison.Ordinal)).ToList();
        }

        if (stale.Count > 0)
        {
            await Db.WriteAsync(async (connection, tx, ct) =>
            {
                foreach (var (kbo, secret) in stale)
                {
                    await Db.ExecAsync(connection, tx, "UPDATE callback_subscriptions SET secret = @s WHERE initiative_kbo = @kbo AND secret = @old", ct,
                        ("@s", Protector.Reseal(secret, PersonalDataProtector.CallbackSecretRow(kbo))), ("@kbo", kbo), ("@old", secret));
                }

                return true;
            }, ct);
        }
    }
}
