using StatuutHub.Application.Inbox;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Host.Dashboard;

/// <summary>The office pages' words in Dutch, French and English, and the French of the frame around them (sign-in, menu).</summary>
public sealed partial class Labels
{
    private static readonly Dictionary<string, string> ShellFrench = new(StringComparer.Ordinal)
    {
        ["signIn"] = "Se connecter",
        ["signOut"] = "Se déconnecter",
        ["user"] = "Utilisateur",
        ["password"] = "Mot de passe",
        ["wrongPassword"] = "Utilisateur inconnu ou mot de passe erroné.",
        ["signInLocked"] = "Trop de connexions échouées avec ce nom ; réessayez après {0}.",
        ["notAllowed"] = "Refusé",
        ["skipToContent"] = "Aller au contenu",
        ["navigation"] = "Menu principal",
        ["search"] = "Rechercher",
        ["state"] = "État",
        ["version"] = "Version",
        ["participant"] = "Participant",
        ["attest"] = "Attestation",
        ["reason"] = "Motif",
        ["none"] = "aucun",
    };

    private static readonly Dictionary<string, (string Nl, string Fr, string En)> InboxWords = new(StringComparer.Ordinal)
    {
        ["inboxToHandle"] = ("Te behandelen", "À traiter", "To handle"),
        ["inboxDecided"] = ("Beslist", "Décidées", "Decided"),
        ["inboxCaption"] = ("Aanvragen voor {0}: de laattijdige eerst, dan volgens de datum waarop uw antwoord verwacht wordt", "Demandes pour {0} : les demandes en retard d'abord, puis selon la date à laquelle votre réponse est attendue", "Requests for {0}: late ones first, then by the day your answer is due"),
        ["inboxDecidedCaption"] = ("Aanvragen waarover {0} besliste, de laatste eerst", "Demandes sur lesquelles {0} a décidé, la dernière d'abord", "Requests {0} decided, the last first"),
        ["inboxNone"] = ("Er wacht geen aanvraag op u.", "Aucune demande ne vous attend.", "No request is waiting for you."),
        ["inboxNoneDecided"] = ("Nog geen beslissingen.", "Pas encore de décisions.", "No decisions yet."),
        ["inboxSearch"] = ("Zoek op INSZ, naam of attest-id", "Rechercher par NISS, nom ou identifiant d'attestation", "Search by INSZ, name or attest id"),
        ["inboxAsked"] = ("Gevraagd", "Demandé", "Asked"),
        ["inboxDue"] = ("Antwoord verwacht tegen", "Réponse attendue pour le", "Answer due by"),
        ["inboxAtRisk"] = ("Op het spel", "En jeu", "At risk"),
        ["inboxLate"] = ("te laat", "en retard", "late"),
        ["inboxStart"] = ("start {0}", "début le {0}", "starts {0}"),
        ["inboxRequest"] = ("Aanvraag", "Demande", "Request"),
        ["inboxMessage"] = ("Wat de aanvraag bevat", "Contenu de la demande", "What the request holds"),
        ["inboxMessageHelp"] = ("Precies de gegevens die uw instantie via een koppeling zou ontvangen, niets meer.", "Exactement les données que votre organisme recevrait par une connexion, rien de plus.", "Exactly the data your body would receive over an API, nothing more."),
        ["inboxField"] = ("Gegeven", "Donnée", "Field"),
        ["inboxValue"] = ("Waarde", "Valeur", "Value"),
        ["inboxSuperseded"] = ("Het attest werd intussen gewijzigd (nu versie {0}): beslis over de nieuwe aanvraag.", "L'attestation a été modifiée entre-temps (version {0}) : décidez sur la nouvelle demande.", "The attest was amended meanwhile (now version {0}): decide on the new request."),
        ["inboxCancelled"] = ("Het attest werd ingetrokken: er valt niets meer te beslissen.", "L'attestation a été retirée : il n'y a plus rien à décider.", "The attest was cancelled: there is nothing left to decide."),
        ["inboxDecidedOn"] = ("Beslist op {0}", "Décidé le {0}", "Decided on {0}"),
        ["inboxRecorded"] = ("Uw beslissing is geregistreerd en aan het initiatief gemeld.", "Votre décision est enregistrée et communiquée à l'initiative.", "Your decision is recorded and the initiative is told."),
        ["inboxReaderOnly"] = ("U kunt deze aanvraag lezen; beslissen kan iemand met de rol 'beslisser'.", "Vous pouvez lire cette demande ; une personne avec le rôle « décideur » peut décider.", "You can read this request; someone with the role 'decider' can decide."),
        ["inboxDecide"] = ("Beslissen", "Décider", "Decide"),
        ["inboxApprove"] = ("Goedkeuren", "Approuver", "Approve"),
        ["inboxRefuse"] = ("Weigeren", "Refuser", "Refuse"),
        ["inboxReference"] = ("Uw referentie (bij goedkeuring)", "Votre référence (en cas d'approbation)", "Your reference (when approving)"),
        ["inboxValidUntil"] = ("Toestemming geldig tot en met (bij goedkeuring, mag leeg)", "Autorisation valable jusqu'au (en cas d'approbation, facultatif)", "Permission valid until (when approving, optional)"),
        ["inboxRefusalReason"] = ("Reden (bij weigering)", "Motif (en cas de refus)", "Reason (when refusing)"),
        ["inboxChooseReason"] = ("— kies een reden —", "— choisissez un motif —", "— choose a reason —"),
        ["inboxText"] = ("Toelichting (wordt aan het initiatief gemeld)", "Explication (communiquée à l'initiative)", "Explanation (the initiative is told)"),
        ["inboxNext"] = ("Verder naar bevestigen", "Continuer vers la confirmation", "Go on to confirm"),
        ["inboxConfirmTitle"] = ("Bevestig uw beslissing", "Confirmez votre décision", "Confirm your decision"),
        ["inboxConfirmApprove"] = ("U keurt de aanvraag voor {0} goed.", "Vous approuvez la demande pour {0}.", "You approve the request for {0}."),
        ["inboxConfirmRefuse"] = ("U weigert de aanvraag voor {0}: {1}.", "Vous refusez la demande pour {0} : {1}.", "You refuse the request for {0}: {1}."),
        ["inboxConfirm"] = ("Bevestigen", "Confirmer", "Confirm"),
        ["inboxBack"] = ("Terug naar de aanvraag", "Retour à la demande", "Back to the request"),
        ["inboxNotFound"] = ("Deze aanvraag bestaat niet in uw inbox.", "Cette demande n'existe pas dans votre boîte.", "This request is not in your inbox."),
        ["inboxBadDate"] = ("De datum is geen geldige datum (jjjj-mm-dd).", "La date n'est pas valide (aaaa-mm-jj).", "The date is not a valid date (yyyy-mm-dd)."),
        ["inboxChooseOutcome"] = ("Kies goedkeuren of weigeren.", "Choisissez approuver ou refuser.", "Choose approve or refuse."),
        ["inboxStandingToDecide"] = ("Wacht op uw beslissing", "Attend votre décision", "Awaits your decision"),
        ["inboxStandingDecided"] = ("Beslist", "Décidée", "Decided"),
        ["inboxStandingSuperseded"] = ("Vervangen door een nieuwere versie", "Remplacée par une version plus récente", "Replaced by a newer version"),
        ["inboxStandingCancelled"] = ("Ingetrokken", "Retirée", "Cancelled"),
        ["inboxApproved"] = ("Goedgekeurd", "Approuvée", "Approved"),
        ["inboxRefused"] = ("Geweigerd", "Refusée", "Refused"),
        ["askCreate"] = ("Toestemming voor een nieuwe activiteit", "Autorisation pour une nouvelle activité", "Permission for a new activity"),
        ["askAmend"] = ("Wijziging van een activiteit", "Modification d'une activité", "Change to an activity"),
        ["askEnd"] = ("Einde van een activiteit (kennisname)", "Fin d'une activité (prise de connaissance)", "End of an activity (for your information)"),
        ["askCancel"] = ("Intrekking van een activiteit (kennisname)", "Retrait d'une activité (prise de connaissance)", "Cancellation of an activity (for your information)"),
        ["askRenew"] = ("Verlenging van een toestemming", "Prolongation d'une autorisation", "Renewal of a permission"),
        ["riskOcmw"] = ("het leefloon", "le revenu d'intégration", "the leefloon (social integration income)"),
        ["riskMutualiteit"] = ("de ziekte-uitkering", "les indemnités de maladie", "the sickness benefit"),
        ["riskVdab"] = ("de werkloosheidsuitkering (toestemming VDAB)", "les allocations de chômage (autorisation VDAB)", "the unemployment benefit (VDAB's permission)"),
        ["riskRva"] = ("de werkloosheidsuitkering", "les allocations de chômage", "the unemployment benefit"),
        ["riskDimona"] = ("de aangifte", "la déclaration", "the declaration"),
    };

    /// <summary>What a request asks, in words.</summary>
    public string Asked(MessageKind kind) => this[$"ask{kind}"];

    /// <summary>What the participant stands to lose when this body does not answer in time.</summary>
    public string AtRisk(DestinationKind kind) => this[$"risk{kind}"];

    /// <summary>Where a request stands, in words.</summary>
    public string Of(InboxStanding standing) => this[$"inboxStanding{standing}"];
}
