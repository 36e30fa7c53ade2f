using StatuutHub.Domain.Deliveries;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Intake;

/// <summary>An initiative's change feed: its attests that changed after a position, each once with its status now, in the order of
/// their latest change. The feed trails the present by <see cref="Settle"/>: a change is shown once every write that began before
/// it has committed, so a reader that follows <c>next</c> never steps over one.</summary>
public sealed class ChangeFeed(IAttestStore store, TimeProvider time)
{
    /// <summary>How far the feed trails the present. The hub's writes are single short transactions (milliseconds; PostgreSQL's
    /// command timeout bounds them), so a change older than this has committed, or never will.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>The most a page holds.</summary>
    public const int MaxLimit = 500;

    /// <summary>One page for <paramref name="requester"/> (an initiative sees only its own attests); with <paramref name="status"/>
    /// only attests in that status now (the position still moves past the others).</summary>
    public async Task<ChangePage> ReadAsync(Requester requester, long after, DateTimeOffset? since, AttestStatus? status, int limit, CancellationToken ct)
    {
        var page = await store.ReadChangesAsync(new ChangeQuery(requester.InitiativeKbo, after, since, time.GetUtcNow() - Settle, Math.Clamp(limit, 1, MaxLimit)), ct);
        return status is { } wanted ? page with { Items = page.Items.Where(i => i.Status == wanted).ToArray() } : page;
    }
}
