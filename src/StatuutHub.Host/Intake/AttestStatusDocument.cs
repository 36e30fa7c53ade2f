using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Intake;

/// <summary>What <c>GET /api/v1/attests/{id}</c> answers: status, the warnings the current version was accepted
/// with, per-destination deliveries with their deadline (late or not, and what is at risk), history and decisions.
/// The INSZ is shown masked only. An initiative's copy names no staff member and no internal address: staff actions are
/// "support", and host names, addresses and URLs in an error are replaced (<see cref="ForInitiative"/>).</summary>
public static partial class AttestStatusDocument
{
    public static object From(AttestView view, DeadlineWatch deadlines, bool forInitiative = false) => new
    {
        attestId = view.AttestId,
        version = view.Version,
        status = view.Status.ToString(),
        submittedAt = view.SubmittedAt,
        kind = ContractNames.NameOf(view.Content.Kind),
        initiative = new { kbo = view.Content.Initiative.Kbo.Value, name = view.Content.Initiative.Name },
        werkpost = new
        {
            kbo = view.Content.EffectiveWerkpost.Kbo?.Value,
            establishmentUnit = view.Content.EffectiveWerkpost.EstablishmentUnit?.Value,
            name = view.Content.Activity.Workplace,
        },
        participant = new { insz = view.Content.Participant.Insz.Masked },
        benefits = ContractNames.BenefitNamesOf(view.Content.Benefits),
        period = new { start = view.Content.Activity.StartDate, end = view.Content.Activity.EndDate },
        warnings = view.Warnings.Select(w => new { path = w.Path, code = w.Code, message = w.MessageNl, messageEn = w.MessageEn }),
        deliveries = view.Deliveries.Select(d => new
        {
            destination = d.Destination,
            version = d.Version,
            message = d.Kind.ToString(),
            state = d.State.ToString(),
            messageId = d.MessageId,
            attempts = d.Attempts,
            dueAt = d.DueAt,
            sentAt = d.SentAt,
            answerDueAt = d.AnswerDueAt,
            decidedAt = d.DecidedAt,
            reference = d.Reference,
            reasonCode = d.ReasonCode,
            lastError = forInitiative ? ForInitiative(d.LastError) : d.LastError,
            lastAsked = d.AskedAt is { } asked ? new { at = asked, answer = d.AskedAnswer } : null,
            deadline = deadlines.Of(view, d) is { } due ? new { dueBy = due.DueBy, late = due.Late, lateDays = due.LateDays, afterGrace = due.Late ? due.AfterGrace : (bool?)null, atRisk = due.AtRiskNl, atRiskEn = due.AtRiskEn } : null,
            history = view.History.Where(h => h.Destination == d.Destination).Select(h => new { at = h.At, kind = h.Kind, detail = forInitiative ? ForInitiative(h.Detail) : h.Detail }),
        }),
        history = view.History.Select(h => new
        {
            at = h.At,
            kind = h.Kind,
            destination = h.Destination,
            detail = forInitiative ? ForInitiative(h.Detail) : h.Detail,
            actor = forInitiative ? ActorForInitiative(h.Actor) : h.Actor,
        }),
    };

    /// <summary>A text as an initiative may read it: URLs, host:port pairs and IP addresses become "[agency]".</summary>
    public static string? ForInitiative(string? text) => text is null ? null : InternalAddress().Replace(text, "[agency]");

    /// <summary>The initiative itself and the agencies by name; staff and the hub's own processes as "support".</summary>
    public static string? ActorForInitiative(string? actor) =>
        actor is null || actor.StartsWith("initiative:", StringComparison.Ordinal) || actor.StartsWith("agency:", StringComparison.Ordinal) ? actor : "support";

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)\b[a-z][a-z0-9+.-]*://\S+|\[[0-9a-f:.]+\](?::\d+)?|\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\b(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?\b|\blocalhost(?::\d+)?\b|\b[a-z][a-z0-9-]*:\d{2,5}\b")]
    private static partial System.Text.RegularExpressions.Regex InternalAddress();
}
