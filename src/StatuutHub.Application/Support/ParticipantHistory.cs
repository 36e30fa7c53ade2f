using StatuutHub.Domain.Identifiers;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Support;

/// <summary>One participant across time, for support staff: every attest found by the INSZ (any initiative), and every body's
/// decision, renewal and change of those attests in one line of time. The INSZ comes in a form body and leaves only masked.</summary>
public sealed class ParticipantHistory(ISupportQueries queries, IAttestStore attests)
{
    /// <summary>The kinds of event the history shows: what the attest became, and what each body decided or will be asked.</summary>
    public static readonly IReadOnlySet<string> Shown = new HashSet<string>(StringComparer.Ordinal)
    {
        "AttestSubmitted", "AttestAmended", "AttestEndedEarly", "AttestCancelled", "DecisionApproved", "DecisionRefused",
        "DeliveryAcknowledged", "DeliveryRejected", "DeliveryOverdue", "DeliveryDeadLettered", "RenewalPlanned", "RenewalWithdrawn",
    };

    /// <summary>The participant's history, or null when <paramref name="printedInsz"/> is not an INSZ.</summary>
    public async Task<ParticipantView?> FindAsync(string printedInsz, CancellationToken ct)
    {
        if (!Insz.TryParse(printedInsz.Trim(), out var insz, out _))
        {
            return null;
        }

        var found = await queries.SearchAttestsAsync(null, insz.Value, null, ct);
        var views = new List<AttestView>(found.Count);
        foreach (var summary in found.OrderBy(a => a.Start).ThenBy(a => a.SubmittedAt))
        {
            if (await attests.GetAttestAsync(summary.AttestId, ct) is { } view)
            {
                views.Add(view);
            }
        }

        var events = views
            .SelectMany(v => v.History.Where(h => Shown.Contains(h.Kind)).Select(h => new ParticipantEvent(h.At, v.AttestId, h.Kind, h.Destination, h.Detail)))
            .OrderBy(e => e.At).ThenBy(e => e.AttestId)
            .ToList();
        return new ParticipantView(insz.Masked, views, events);
    }
}

/// <summary>A participant's attests (oldest start first) and the events of all of them in time order.</summary>
public sealed record ParticipantView(string InszMasked, IReadOnlyList<AttestView> Attests, IReadOnlyList<ParticipantEvent> Events);

/// <summary>One event in a participant's history.</summary>
public sealed record ParticipantEvent(DateTimeOffset At, Guid AttestId, string Kind, string? Destination, string Detail);
