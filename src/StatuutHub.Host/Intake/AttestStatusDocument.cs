using StatuutHub.Application.Intake;
using StatuutHub.Domain.Attests;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Host.Intake;

/// <summary>What <c>GET /api/v1/attests/{id}</c> answers: status, the warnings the current version was accepted
/// with, per-destination deliveries with their deadline (late or not, and what is at risk), history and decisions.
/// The INSZ is shown masked only. An initiative's copy names no staff member and no internal address: staff actions are
/// "support", and host names, addresses and URLs in an error are replaced (<see cref="ForInitiative"/>).</summary>
public sealed record AttestStatusDocument(
    Guid AttestId,
    int Version,
    string Status,
    DateTimeOffset SubmittedAt,
    string Kind,
    StatusInitiative Initiative,
    StatusWerkpost Werkpost,
    StatusParticipant Participant,
    IReadOnlyList<string> Benefits,
    StatusPeriod Period,
    IReadOnlyList<ProblemAnswer> Warnings,
    IReadOnlyList<StatusDelivery> Deliveries,
    IReadOnlyList<StatusHistory> History)
{
    public static AttestStatusDocument From(AttestView view, DeadlineWatch deadlines, bool forInitiative = false)
    {
        var content = view.Content;
        string? Detail(string? text) => forInitiative ? AttestStatusText.ForInitiative(text) : text;

        // Which person of an office opened a request is the hub's access audit, not the initiative's business.
        bool Shown(AuditEventView h) => !forInitiative || h.Kind != "RequestOpened";
        return new AttestStatusDocument(
            view.AttestId,
            view.Version,
            view.Status.ToString(),
            view.SubmittedAt,
            ContractNames.NameOf(content.Kind),
            new StatusInitiative(content.Initiative.Kbo.Value, content.Initiative.Name),
            new StatusWerkpost(content.EffectiveWerkpost.Kbo?.Value, content.EffectiveWerkpost.EstablishmentUnit?.Value, content.Activity.Workplace),
            new StatusParticipant(content.Participant.Insz.Masked),
            ContractNames.BenefitNamesOf(content.Benefits),
            new StatusPeriod(content.Activity.StartDate, content.Activity.EndDate),
            [.. view.Warnings.Select(w => new ProblemAnswer(w.Path, w.Code, w.MessageNl, w.MessageEn))],
            [.. view.Deliveries.Select(d => new StatusDelivery(
                d.Destination, d.Version, d.Kind.ToString(), d.State.ToString(), d.MessageId, d.Attempts, d.DueAt, d.SentAt, d.AnswerDueAt, d.DecidedAt,
                d.Reference, d.ReasonCode, Detail(d.LastError),
                d.AskedAt is { } asked ? new StatusAsked(asked, d.AskedAnswer) : null,
                deadlines.Of(view, d) is { } due ? new StatusDeadline(due.DueBy, due.Late, due.LateDays, due.Late ? due.AfterGrace : null, due.AtRiskNl, due.AtRiskEn) : null,
                [.. view.History.Where(h => h.Destination == d.Destination && Shown(h)).Select(h => new StatusDeliveryEvent(h.At, h.Kind, Detail(h.Detail)))]))],
            [.. view.History.Where(Shown).Select(h => new StatusHistory(h.At, h.Kind, h.Destination, Detail(h.Detail), forInitiative ? AttestStatusText.ActorForInitiative(h.Actor) : h.Actor))]);
    }
}

/// <summary>The initiative that submitted the attest.</summary>
public sealed record StatusInitiative(string Kbo, string Name);

/// <summary>Where the participant works: the werkpost's KBO or establishment unit, and the workplace's name.</summary>
public sealed record StatusWerkpost(string? Kbo, string? EstablishmentUnit, string Name);

/// <summary>The participant, by masked INSZ only.</summary>
public sealed record StatusParticipant(string Insz);

/// <summary>The activity's period as the initiative gave it (no end: open).</summary>
public sealed record StatusPeriod(DateOnly Start, DateOnly? End);

/// <summary>One message to one body: where it stands, its deadline and its own events.</summary>
public sealed record StatusDelivery(
    string Destination,
    int Version,
    string Message,
    string State,
    Guid MessageId,
    int Attempts,
    DateTimeOffset DueAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? AnswerDueAt,
    DateTimeOffset? DecidedAt,
    string? Reference,
    string? ReasonCode,
    string? LastError,
    StatusAsked? LastAsked,
    StatusDeadline? Deadline,
    IReadOnlyList<StatusDeliveryEvent> History);

/// <summary>When the hub last asked the body for its decision, and what it said.</summary>
public sealed record StatusAsked(DateTimeOffset At, string? Answer);

/// <summary>The body's submission deadline; when late, the activity days counted, whether past the grace period and what is at risk.</summary>
public sealed record StatusDeadline(DateOnly DueBy, bool Late, int? LateDays, bool? AfterGrace, string? AtRisk, string? AtRiskEn);

/// <summary>An event of one delivery.</summary>
public sealed record StatusDeliveryEvent(DateTimeOffset At, string Kind, string? Detail);

/// <summary>An event of the attest, with who caused it.</summary>
public sealed record StatusHistory(DateTimeOffset At, string Kind, string? Destination, string? Detail, string? Actor);

/// <summary>A problem or warning as every JSON answer shows it: field path, code, Dutch and English message.</summary>
public sealed record ProblemAnswer(string Path, string Code, string Message, string MessageEn);

/// <summary>The texts of an attest's status as an initiative may read them.</summary>
public static partial class AttestStatusText
{
    /// <summary>A text as an initiative may read it: URLs, host:port pairs and IP addresses become "[agency]".</summary>
    public static string? ForInitiative(string? text) => text is null ? null : InternalAddress().Replace(text, "[agency]");

    /// <summary>The initiative itself and the agencies by name, an office on the inbox by its name (not its person's); staff and the hub's
    /// own processes as "support".</summary>
    public static string? ActorForInitiative(string? actor) =>
        actor is null || actor.StartsWith("initiative:", StringComparison.Ordinal) || actor.StartsWith("agency:", StringComparison.Ordinal) ? actor
        : actor.StartsWith("office:", StringComparison.Ordinal) ? string.Join(':', actor.Split(':').Take(2))
        : "support";

    [System.Text.RegularExpressions.GeneratedRegex(@"(?i)\b[a-z][a-z0-9+.-]*://\S+|\[[0-9a-f:.]+\](?::\d+)?|\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b|\b(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?\b|\blocalhost(?::\d+)?\b|\b[a-z][a-z0-9-]*:\d{2,5}\b")]
    private static partial System.Text.RegularExpressions.Regex InternalAddress();
}
