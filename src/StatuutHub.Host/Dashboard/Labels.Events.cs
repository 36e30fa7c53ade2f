using StatuutHub.Domain.Attests;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Host.Dashboard;

/// <summary>The words for what the audit trail, the messages and the attests say in code: an event kind, a message kind, a benefit.
/// An event kind the table does not know is shown as it is stored (a newer hub wrote it).</summary>
public sealed partial class Labels
{
    private static readonly Dictionary<string, (string Nl, string En)> Events = new(StringComparer.Ordinal)
    {
        ["AttestSubmitted"] = ("Ingediend", "Submitted"),
        ["AttestAmended"] = ("Gewijzigd", "Amended"),
        ["AttestEndedEarly"] = ("Vroeger beëindigd", "Ended early"),
        ["AttestCancelled"] = ("Ingetrokken", "Cancelled"),
        ["AttestPurged"] = ("Persoonsgegevens gewist na de bewaartermijn", "Personal data removed after the retention period"),
        ["DeliverySent"] = ("Verzonden, ontvangst bevestigd", "Sent, receipt confirmed"),
        ["DeliverySentAfterDecision"] = ("Verzonden; de beslissing kwam eerder binnen dan het ontvangstbewijs", "Sent; the decision arrived before the receipt"),
        ["DeliveryAcknowledged"] = ("Aanvaard", "Acknowledged"),
        ["DeliveryRejected"] = ("Geweigerd", "Rejected"),
        ["DeliveryRetryScheduled"] = ("Mislukt, nieuwe poging gepland", "Failed, retry scheduled"),
        ["DeliveryDeadLettered"] = ("Opgegeven (dode brief)", "Given up (dead letter)"),
        ["DeliveryOverdue"] = ("Antwoordtermijn verstreken", "Answer time passed"),
        ["DeliveryReleased"] = ("Vrijgegeven: de vorige instantie stemde in", "Released: the previous body agreed"),
        ["DeliveryStopped"] = ("Niet verzonden", "Not sent"),
        ["DeliveryRetried"] = ("Opnieuw geprobeerd door een operator", "Retried by an operator"),
        ["DeliveryReplayed"] = ("Opnieuw aangeboden door een operator", "Replayed by an operator"),
        ["DeliveryArchived"] = ("Gearchiveerd door een operator", "Archived by an operator"),
        ["DeliveryUnarchived"] = ("Teruggezet bij de dode brieven", "Put back among the dead letters"),
        ["DeliveryResent"] = ("Opnieuw verzonden: de instantie kende het bericht niet", "Sent again: the agency did not know the message"),
        ["DecisionApproved"] = ("Goedgekeurd door de instantie", "Approved by the agency"),
        ["DecisionRefused"] = ("Geweigerd door de instantie", "Refused by the agency"),
        ["DecisionPending"] = ("Instantie: nog geen beslissing", "Agency: no decision yet"),
        ["DecisionAsked"] = ("Status opgevraagd bij de instantie", "Status asked of the agency"),
        ["RenewalPlanned"] = ("Verlenging gepland", "Renewal planned"),
        ["RenewalWithdrawn"] = ("Geplande verlenging vervalt", "Planned renewal withdrawn"),
    };

    private static readonly Dictionary<MessageKind, (string Nl, string En)> Messages = new()
    {
        [MessageKind.Create] = ("Aanvraag", "Request"),
        [MessageKind.Amend] = ("Wijziging", "Amendment"),
        [MessageKind.Cancel] = ("Intrekking", "Cancellation"),
        [MessageKind.End] = ("Einde", "End"),
        [MessageKind.Renew] = ("Verlenging", "Renewal"),
    };

    private static readonly Dictionary<Benefits, (string Nl, string En)> BenefitWords = new()
    {
        [Benefits.Unemployment] = ("werkloosheidsuitkering", "unemployment benefit"),
        [Benefits.Incapacity] = ("arbeidsongeschiktheidsuitkering", "incapacity benefit"),
        [Benefits.SocialIntegration] = ("leefloon", "social integration income"),
        [Benefits.DisabilityAllowance] = ("tegemoetkoming personen met een handicap", "disability allowance"),
    };

    /// <summary>An audit event kind in words.</summary>
    public string Event(string kind) => Events.TryGetValue(kind, out var words) ? (English ? words.En : words.Nl) : kind;

    /// <summary>A message kind in words.</summary>
    public string Of(MessageKind kind) => Messages.TryGetValue(kind, out var words) ? (English ? words.En : words.Nl) : kind.ToString();

    /// <summary>The benefits of an attest in words, or "none".</summary>
    public string Of(Benefits benefits)
    {
        var named = BenefitWords.Where(b => benefits.HasFlag(b.Key)).Select(b => English ? b.Value.En : b.Value.Nl).ToList();
        return named.Count == 0 ? this["none"] : string.Join(", ", named);
    }
}
