using Microsoft.Extensions.Options;
using StatuutHub.Application.Support;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Tests.Support;

/// <summary>A checkpoint names the key that signed it: after the checkpoint key is rotated, a checkpoint kept from before verifies
/// with the previous key by its id, and one whose key is not configured any more says so instead of "changed".</summary>
public sealed class AuditCheckpointKeyTests
{
    private static readonly string KeyOne = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    private static readonly string KeyTwo = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());

    [Fact]
    public async Task ACheckpointFromBeforeARotation_VerifiesByItsKeyId_AndAnUnknownKeyIdIsSaid()
    {
        var trail = new Trail();
        var before = await Checkpoints(trail, new AuditOptions { CheckpointKey = KeyOne, CheckpointKeyId = "k1" }).CreateAsync(default);

        var rotated = Checkpoints(trail, new AuditOptions { CheckpointKey = KeyTwo, CheckpointKeyId = "k2", PreviousCheckpointKeys = { ["k1"] = KeyOne } });
        var kept = await rotated.VerifyAsync(before, default);
        var after = await rotated.CreateAsync(default);
        var forgotten = await Checkpoints(trail, new AuditOptions { CheckpointKey = KeyTwo, CheckpointKeyId = "k2" }).VerifyAsync(before, default);
        var relabelled = await rotated.VerifyAsync(before with { KeyId = "k2" }, default);

        Assert.True(kept.Intact);
        Assert.Equal("k2", after.KeyId);
        Assert.True((await rotated.VerifyAsync(after, default)).Intact);
        Assert.False(forgotten.SignatureValid);
        Assert.Contains("no key with id 'k1'", forgotten.Reason, StringComparison.Ordinal);
        Assert.False(relabelled.SignatureValid); // the id is signed with the rest: another key's id does not fit
    }

    private static AuditCheckpoints Checkpoints(IAuditTrail trail, AuditOptions options) => new(trail, Options.Create(options), TimeProvider.System);

    private sealed class Trail : IAuditTrail
    {
        private static readonly ChainHead[] Heads = [new("3f2b8c1e-6a53-4a8e-9f61-0c1d2e3f4a5b", null, 1, "aa"), new(null, 7, 9, "bb")];

        public Task<AuditVerification> VerifyAuditAsync(CancellationToken ct) => Task.FromResult(new AuditVerification(9, null, null));

        public Task<IReadOnlyList<ChainHead>> ChainHeadsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<ChainHead>>(Heads);

        public Task<string?> EventHashAsync(long sequence, CancellationToken ct) => Task.FromResult(Heads.FirstOrDefault(h => h.Sequence == sequence)?.Hash);
    }
}
