using StatuutHub.Application.Acks;
using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Calendar;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Inbox;

/// <summary>The inbox use cases of an office without IT (<see cref="Delivery.Inbox.InboxDestinationAdapter"/>): its requests to
/// handle and those it decided, one request as the body's own message carries it, and a decision, which goes through the same use case
/// as an agency's ack (<see cref="AgencyDecisions"/>: the same audit trail, callbacks, duplicate and conflict rules). An office only
/// ever reads what is addressed to it: every read names the office, and the store filters on it.</summary>
public sealed class OfficeInbox(IInboxStore inbox, ISupportQueries support, DestinationAdapters adapters, AgencyDecisions decisions, RefusalReasons reasons, TimeProvider time)
{
    /// <summary>How many requests a list shows at most.</summary>
    public const int ListSize = 200;

    /// <summary>The most characters of the office's own words (a reference, a refusal's explanation).</summary>
    public const int MaxText = 500;

    /// <summary>States of a request that waits for the office's decision.</summary>
    public static readonly IReadOnlyList<DeliveryState> Waiting = [.. Enum.GetValues<DeliveryState>().Where(DeliveryStateMachine.AwaitsDecision)];

    /// <summary>States of a request the office decided.</summary>
    public static readonly IReadOnlyList<DeliveryState> Decided = [.. Enum.GetValues<DeliveryState>().Where(DeliveryStateMachine.IsDecided)];

    /// <summary>The requests waiting for the office: overdue first, then by the day the answer is due.</summary>
    public async Task<IReadOnlyList<InboxItem>> ToHandleAsync(Destination office, string? search, CancellationToken ct)
    {
        var rows = await inbox.ListInboxAsync(office.Id, [.. Waiting], newestFirst: false, ListSize, ct);
        return [.. rows.Where(r => Matches(r, search)).Select(Item)
            .OrderByDescending(i => i.Request.State == DeliveryState.Overdue).ThenBy(i => i.Request.AnswerDueAt ?? DateTimeOffset.MaxValue).ThenBy(i => i.Request.DeliveryId)];
    }

    /// <summary>The requests the office decided, the last decided first.</summary>
    public async Task<IReadOnlyList<InboxItem>> DecidedAsync(Destination office, string? search, CancellationToken ct)
    {
        var rows = await inbox.ListInboxAsync(office.Id, [.. Decided], newestFirst: true, ListSize, ct);
        return [.. rows.Where(r => Matches(r, search)).Select(Item).OrderByDescending(i => i.Request.DecidedAt)];
    }

    /// <summary>One request with the body's own message, its opening written in the audit trail with who opened it; null when it
    /// is not the office's (or does not exist).</summary>
    public async Task<OpenedRequest?> OpenAsync(Destination office, long deliveryId, string actor, CancellationToken ct)
    {
        if (await inbox.FindInboxRequestAsync(office.Id, deliveryId, ct) is not { } request)
        {
            return null;
        }

        await inbox.RecordRequestOpenedAsync(deliveryId, actor, time.GetUtcNow(), ct);
        var message = await support.GetDeliveryAsync(deliveryId, ct) is { } detail && adapters.Find(Destination.KindName(office.Kind)) is { } adapter
            ? adapter.Compose(OutboundMessage.Of(detail.Message))
            : null;
        return new OpenedRequest(Item(request), message is null ? [] : MessageFields.Of(message.Body, message.MediaType),
            reasons.For(office.Kind, BelgianTime.DayOf(time.GetUtcNow())));
    }

    /// <summary>Checks the office's decision and applies it as the body's own.</summary>
    public async Task<InboxDecisionOutcome> DecideAsync(Destination office, long deliveryId, OfficeDecision decision, string actor, CancellationToken ct)
    {
        if (await inbox.FindInboxRequestAsync(office.Id, deliveryId, ct) is not { } request)
        {
            return InboxDecisionOutcome.NotFound;
        }

        var now = time.GetUtcNow();
        var allowed = reasons.For(office.Kind, BelgianTime.DayOf(now));
        if (Check(decision, BelgianTime.DayOf(now), allowed) is { } problem)
        {
            return problem;
        }

        // A refusal without the office's own words carries the reason's (Dutch) words, so the initiative reads more than a code.
        var words = Trimmed(decision.Text) ?? (decision.Approve ? null : allowed.First(r => r.Code == decision.ReasonCode).Nl);
        var ack = new AgencyAck(office.Kind, request.MessageId, decision.Approve, decision.Approve ? null : decision.ReasonCode,
            words, decision.Approve ? Trimmed(decision.Reference) : null, now)
        {
            ValidUntil = decision.Approve ? decision.ValidUntil : null,
            SeenVersion = request.Version,
            DecidedBy = actor,
        };
        return await decisions.ApplyAsync(ack, ct) switch
        {
            AckOutcome.Applied => InboxDecisionOutcome.Done("applied"),
            AckOutcome.Duplicate => InboxDecisionOutcome.Done("duplicate"),
            AckOutcome.Outdated => InboxDecisionOutcome.Refused("REQUEST_OUTDATED",
                "Het attest werd intussen gewijzigd of ingetrokken; beslis over de nieuwe aanvraag.",
                "L'attestation a été modifiée ou retirée entre-temps ; décidez sur la nouvelle demande.",
                "The attest was amended or cancelled meanwhile; decide on the new request."),
            AckOutcome.UnknownMessage => InboxDecisionOutcome.NotFound,
            _ => InboxDecisionOutcome.Refused("DECISION_CONFLICT",
                "Voor deze aanvraag is al een andere beslissing geregistreerd.", "Une autre décision est déjà enregistrée pour cette demande.",
                "A different decision was already recorded for this request."),
        };
    }

    /// <summary>What the office wrote, checked before anything is applied: on <paramref name="today"/>, with the reasons its body may give.</summary>
    private static InboxDecisionOutcome? Check(OfficeDecision decision, DateOnly today, IReadOnlyList<RefusalReason> allowed)
    {
        if (decision.Reference?.Length > 64 || decision.Text?.Length > MaxText || $"{decision.Reference}{decision.Text}".Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return InboxDecisionOutcome.Refused("DECISION_TEXT_INVALID",
                $"Een referentie heeft hoogstens 64 tekens, een toelichting hoogstens {MaxText}, zonder stuurtekens.",
                $"Une référence a au plus 64 caractères, une explication au plus {MaxText}, sans caractères de contrôle.",
                $"A reference has at most 64 characters, an explanation at most {MaxText}, without control characters.");
        }

        if (decision.Approve)
        {
            return decision.ValidUntil is { } until && until < today
                ? InboxDecisionOutcome.Refused("VALID_UNTIL_PAST", "De einddatum van de toestemming ligt in het verleden.",
                    "La date de fin de l'autorisation est dans le passé.", "The permission's end date is in the past.")
                : null;
        }

        if (!allowed.Any(r => r.Code == decision.ReasonCode))
        {
            return InboxDecisionOutcome.Refused("REASON_UNKNOWN",
                $"Kies een reden uit de lijst: {string.Join(", ", allowed.Select(r => r.Code))}.", $"Choisissez un motif dans la liste : {string.Join(", ", allowed.Select(r => r.Code))}.",
                $"Choose a reason from the list: {string.Join(", ", allowed.Select(r => r.Code))}.");
        }

        return decision.ReasonCode == RefusalReasons.Other && string.IsNullOrWhiteSpace(decision.Text)
            ? InboxDecisionOutcome.Refused("REASON_TEXT_MISSING", "Beschrijf de andere reden.", "Décrivez l'autre motif.", "Describe the other reason.")
            : null;
    }

    private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A search matches the participant's INSZ (its digits, whole), their name, or the attest id.</summary>
    private static bool Matches(InboxRequest request, string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return true;
        }

        var text = search.Trim();
        var person = request.Content.Participant;
        return (Insz.TryParse(text, out var insz, out _) && insz == person.Insz)
            || request.AttestId.ToString("D").Equals(text, StringComparison.OrdinalIgnoreCase)
            || $"{person.GivenName} {person.FamilyName}".Contains(text, StringComparison.OrdinalIgnoreCase);
    }

    private static InboxItem Item(InboxRequest request) => new(request,
        request.Kind != MessageKind.Cancel && request.Cancelled ? InboxStanding.Cancelled
        : request.Version < request.CurrentVersion ? InboxStanding.Superseded
        : DeliveryStateMachine.AwaitsDecision(request.State) ? InboxStanding.ToDecide
        : InboxStanding.Decided);
}

/// <summary>Where a request stands for the office.</summary>
public enum InboxStanding
{
    /// <summary>Waits for the office's decision.</summary>
    ToDecide,

    /// <summary>Decided by the office.</summary>
    Decided,

    /// <summary>The attest was amended since: the office decides on the newer request, not on this one.</summary>
    Superseded,

    /// <summary>The attest was cancelled since: nothing to decide.</summary>
    Cancelled,
}

/// <summary>A request with where it stands.</summary>
public sealed record InboxItem(InboxRequest Request, InboxStanding Standing)
{
    /// <summary>True when the office can decide on it now.</summary>
    public bool CanDecide => Standing == InboxStanding.ToDecide;
}

/// <summary>One request as the office reads it: the body's own message as fields, and the reasons it may give for a refusal.</summary>
public sealed record OpenedRequest(InboxItem Item, IReadOnlyList<(string Name, string Value)> Fields, IReadOnlyList<RefusalReason> Reasons);

/// <summary>What the office decided: an approval (with its reference and the permission's last day, both optional) or a refusal
/// (a reason from the body's list, and its own words).</summary>
public sealed record OfficeDecision(bool Approve, string? Reference, DateOnly? ValidUntil, string? ReasonCode, string? Text)
{
    /// <summary>A day as the office writes it, the page's date field and the API alike: <c>yyyy-mm-dd</c>.</summary>
    public static bool TryParseDay(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);
}

/// <summary>What became of an office's decision: done (<see cref="Outcome"/> applied or duplicate), the request not found, or refused
/// with a problem code and its Dutch, French and English text.</summary>
public sealed record InboxDecisionOutcome(string? Outcome, string? Code, string Dutch, string French, string English)
{
    public static readonly InboxDecisionOutcome NotFound = new(null, "REQUEST_NOT_FOUND", "Deze aanvraag bestaat niet in uw inbox.",
        "Cette demande n'existe pas dans votre boîte.", "This request is not in your inbox.");

    public static InboxDecisionOutcome Done(string outcome) => new(outcome, null, string.Empty, string.Empty, string.Empty);

    public static InboxDecisionOutcome Refused(string code, string dutch, string french, string english) => new(null, code, dutch, french, english);

    /// <summary>The text in the language of <paramref name="lang"/> (<c>nl</c>, <c>fr</c> or <c>en</c>).</summary>
    public string In(string lang) => lang switch { "fr" => French, "en" => English, _ => Dutch };
}
