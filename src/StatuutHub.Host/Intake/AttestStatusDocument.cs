using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Intake;

/// <summary>What <c>GET /api/v1/attests/{id}</c> answers: status, the warnings the current version was accepted
/// with, per-destination deliveries with their deadline (late or not, and what is at risk), history and decisions.
/// The INSZ is shown masked only.</summary>
public static class AttestStatusDocument
{
    public static object From(AttestView view, DeadlineWatch deadlines) => new
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
            lastError = d.LastError,
            lastAsked = d.AskedAt is { } asked ? new { at = asked, answer = d.AskedAnswer } : null,
            deadline = deadlines.Of(view, d) is { } due ? new { dueBy = due.DueBy, late = due.Late, lateDays = due.LateDays, afterGrace = due.Late ? due.AfterGrace : (bool?)null, atRisk = due.AtRiskNl, atRiskEn = due.AtRiskEn } : null,
            history = view.History.Where(h => h.Destination == d.Destination).Select(h => new { at = h.At, kind = h.Kind, detail = h.Detail }),
        }),
        history = view.History.Select(h => new { at = h.At, kind = h.Kind, destination = h.Destination, detail = h.Detail, actor = h.Actor }),
    };
}
