using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Host.Dashboard;

/// <summary>The dashboard's words, Dutch first, English on request (<c>?lang=en</c>, remembered in a cookie).</summary>
public sealed partial class Labels
{
    private static readonly Dictionary<string, (string Nl, string En)> Words = new(StringComparer.Ordinal)
    {
        ["title"] = ("StatuutHub — opvolging", "StatuutHub — support"),
        ["overview"] = ("Overzicht", "Overview"),
        ["deliveries"] = ("Bezorgingen", "Deliveries"),
        ["failures"] = ("Mislukt", "Failed"),
        ["deadLetters"] = ("Dode brieven", "Dead letters"),
        ["search"] = ("Zoeken", "Search"),
        ["signIn"] = ("Aanmelden", "Sign in"),
        ["signOut"] = ("Afmelden", "Sign out"),
        ["user"] = ("Gebruiker", "User"),
        ["password"] = ("Wachtwoord", "Password"),
        ["wrongPassword"] = ("Onbekende gebruiker of verkeerd wachtwoord.", "Unknown user or wrong password."),
        ["signInLocked"] = ("Te veel mislukte aanmeldingen met deze naam; probeer opnieuw na {0}.", "Too many failed sign-ins with this name; try again after {0}."),
        ["notAllowed"] = ("Geweigerd", "Not allowed"),
        ["notAllowedHelp"] = ("Uw rol laat deze handeling niet toe; alleen een operator kan opnieuw proberen, opnieuw aanbieden of intrekken.", "Your role does not allow this action; only an operator can retry, replay or cancel."),
        ["byDestination"] = ("Per bestemming", "Per destination"),
        ["destination"] = ("Bestemming", "Destination"),
        ["state"] = ("Toestand", "State"),
        ["circuit"] = ("Verbinding", "Circuit"),
        ["oldestPending"] = ("Oudste wachtende bezorging", "Oldest waiting delivery"),
        ["none"] = ("geen", "none"),
        ["lastDay"] = ("Laatste 24 uur: ingediend en erkend per uur", "Last 24 hours: submitted and recognised per hour"),
        ["submitted"] = ("ingediend", "submitted"),
        ["recognised"] = ("erkend", "recognised"),
        ["medianTime"] = ("mediaan tijd tot erkenning", "median time to recognition"),
        ["attest"] = ("Attest", "Attest"),
        ["initiative"] = ("Initiatief (KBO)", "Initiative (KBO)"),
        ["version"] = ("Versie", "Version"),
        ["message"] = ("Bericht", "Message"),
        ["attempts"] = ("Pogingen", "Attempts"),
        ["reason"] = ("Reden", "Reason"),
        ["reference"] = ("Referentie instantie", "Agency reference"),
        ["lastAsked"] = ("Laatst gevraagd", "Last asked"),
        ["askStatus"] = ("Vraag de status op", "Ask for the status"),
        ["created"] = ("Aangemaakt", "Created"),
        ["from"] = ("Van", "From"),
        ["to"] = ("Tot", "To"),
        ["filter"] = ("Filteren", "Filter"),
        ["all"] = ("alle", "all"),
        ["next"] = ("Volgende pagina", "Next page"),
        ["retry"] = ("Nu opnieuw proberen", "Retry now"),
        ["replay"] = ("Opnieuw aanbieden", "Replay"),
        ["retryAll"] = ("Alles in deze groep opnieuw", "Retry all in this group"),
        ["count"] = ("Aantal", "Count"),
        ["noFailures"] = ("Geen mislukte bezorgingen.", "No failed deliveries."),
        ["timeline"] = ("Tijdlijn", "Timeline"),
        ["participant"] = ("Deelnemer", "Participant"),
        ["period"] = ("Periode", "Period"),
        ["benefits"] = ("Uitkeringen", "Benefits"),
        ["warnings"] = ("Waarschuwingen bij aanvaarding", "Warnings on acceptance"),
        ["openEnded"] = ("open einde", "open-ended"),
        ["dueBy"] = ("Uiterlijk", "Due by"),
        ["late"] = ("te laat, in gevaar", "late, at risk"),
        ["status"] = ("Status", "Status"),
        ["when"] = ("Wanneer", "When"),
        ["event"] = ("Gebeurtenis", "Event"),
        ["detail"] = ("Detail", "Detail"),
        ["who"] = ("Door", "By"),
        ["searchHelp"] = ("Zoek op attestId, INSZ (exact) of KBO-nummer van het initiatief.", "Search by attestId, INSZ (exact) or the initiative's KBO number."),
        ["notUnderstood"] = ("Geen attestId, INSZ of KBO-nummer herkend.", "No attestId, INSZ or KBO number recognised."),
        ["noResults"] = ("Niets gevonden.", "Nothing found."),
        ["notFound"] = ("Dit attest bestaat niet.", "This attest does not exist."),
        ["done"] = ("opnieuw aangeboden", "requeued"),
        ["cancelled"] = ("ingetrokken", "cancelled"),
        ["callbacks"] = ("Terugmeldingen", "Callbacks"),
        ["callbackUrl"] = ("Terugmeldadres", "Callback address"),
        ["noCallbacks"] = ("Geen enkel initiatief heeft een terugmeldadres.", "No initiative has a callback address."),
        ["callbacksSent"] = ("bezorgd", "delivered"),
        ["callbacksPending"] = ("onderweg", "on their way"),
        ["callbacksDead"] = ("opgegeven", "given up"),
        ["lastError"] = ("Laatste fout", "Last error"),
        ["callbackFailures"] = ("Gebeurtenissen die niet aankwamen", "Events that did not arrive"),
        ["type"] = ("Soort", "Type"),
        ["skipToContent"] = ("Naar de inhoud", "Skip to content"),
        ["navigation"] = ("Hoofdmenu", "Main menu"),
        ["myAttests"] = ("Mijn attesten", "My attests"),
        ["newAttest"] = ("Nieuw attest", "New attest"),
        ["uploadBatch"] = ("Bestand opladen", "Upload a file"),
        ["noAttests"] = ("Nog geen attesten.", "No attests yet."),
        ["myAttestsCaption"] = ("Attesten van uw initiatief, laatst gewijzigd eerst", "Your initiative's attests, last changed first"),
        ["submit"] = ("Indienen", "Submit"),
        ["problemsTitle"] = ("Het attest is niet ingediend: los deze problemen op", "The attest was not submitted: fix these problems"),
        ["accepted"] = ("Het attest is ingediend.", "The attest was submitted."),
        ["receipt"] = ("Bewijs van erkenning", "Proof of recognition"),
        ["receiptParticipantCopy"] = ("Kopie voor de deelnemer (met volledig INSZ)", "Copy for the participant (with the full INSZ)"),
        ["receiptParticipantNote"] = ("Kopie voor de deelnemer zelf: het volledige INSZ staat alleen op dit papier, niet in de handtekening of de QR-code. Geef dit niet door.",
            "The participant's own copy: the full INSZ is only on this paper, not in the signature or the QR code. Do not pass it on."),
        ["receiptIntro"] = ("Dit attest arbeidszorg is erkend door elke instantie die moest instemmen.", "This arbeidszorg attest was recognised by every body that had to agree."),
        ["receiptScan"] = ("Scan de code of open het adres om na te gaan dat dit bewijs echt is.", "Scan the code or open the address to check that this proof is genuine."),
        ["receiptSigned"] = ("Ondertekend door StatuutHub", "Signed by StatuutHub"),
        ["decision"] = ("Beslissing", "Decision"),
        ["approved"] = ("goedgekeurd", "approved"),
        ["decidedAt"] = ("Beslist op", "Decided on"),
        ["genuine"] = ("Echt: dit bewijs is ondertekend door StatuutHub en niet gewijzigd.", "Genuine: this proof was signed by StatuutHub and not changed."),
        ["notGenuine"] = ("Niet echt: dit bewijs is gewijzigd of niet door StatuutHub ondertekend.", "Not genuine: this proof was changed or not signed by StatuutHub."),
        ["verifyTitle"] = ("Bewijs nagaan", "Check a proof"),
        ["notYetRecognised"] = ("Nog niet overal erkend: er is nog geen bewijs.", "Not recognised everywhere yet: there is no proof yet."),
        ["batchHelp"] = ("Een CSV- of Excel-bestand (.csv, .xlsx, tot 1 MB: zowat 5.000 rijen) met één attest per rij; de kolommen heten zoals de velden van het formulier.",
            "A CSV or Excel file (.csv, .xlsx, up to 1 MB: about 5,000 rows) with one attest per row; the columns are named like the form's fields."),
        ["file"] = ("Bestand", "File"),
        ["upload"] = ("Opladen en indienen", "Upload and submit"),
        ["row"] = ("Rij", "Row"),
        ["result"] = ("Resultaat", "Result"),
        ["batchReport"] = ("Verslag per rij", "Report per row"),
        ["batchSummary"] = ("{0} ingediend, {1} geweigerd.", "{0} submitted, {1} refused."),
        ["submittedOk"] = ("ingediend", "submitted"),
        ["alreadyThere"] = ("was al ingediend", "already submitted"),
        ["refused"] = ("geweigerd", "refused"),
        ["required"] = ("verplicht", "required"),
        ["participantHistory"] = ("Deelnemer", "Participant"),
        ["exportCsv"] = ("Deze lijst exporteren (CSV)", "Export this list (CSV)"),
        ["alerts"] = ("Meldingen", "Alerts"),
        ["failureGroups"] = ("Mislukte bezorgingen per instantie en reden", "Failed deliveries by destination and reason"),
        ["firstSeen"] = ("Eerst gezien", "First seen"),
        ["lastSeen"] = ("Laatst gezien", "Last seen"),
        ["action"] = ("Handeling", "Action"),
        ["confirmTitle"] = ("Bevestigen", "Confirm"),
        ["confirmRequeue"] = ("U biedt {0} bezorging(en) aan {1} opnieuw aan (reden: {2}; toestand: {3}).", "You are about to send {0} deliveries to {1} again (reason: {2}; state: {3})."),
        ["confirm"] = ("Ja, opnieuw aanbieden", "Yes, send again"),
        ["cancel"] = ("Annuleren", "Cancel"),
        ["alertsCurrent"] = ("Huidige meldingen", "Current alerts"),
        ["alertsPast"] = ("Voorbije meldingen", "Past alerts"),
        ["alertFired"] = ("Sinds", "Since"),
        ["alertCleared"] = ("Opgelost", "Cleared"),
        ["alertMailed"] = ("Gemaild", "Mailed"),
        ["alertMailFailed"] = ("mail mislukt", "mail failed"),
        ["alertsMailTo"] = ("Meldingen gaan per e-mail naar {0}.", "Alerts are mailed to {0}."),
        ["alertsNoMail"] = ("Er is geen e-mail ingesteld (Alerts:Mail): meldingen staan alleen hier, in het logboek en in de metrieken.", "No mail is configured (Alerts:Mail): alerts are only here, in the log and in the metrics."),
        ["participantHelp"] = ("Zoek een deelnemer op INSZ: elk attest bij elk initiatief, en wat elke instantie wanneer besliste.",
            "Find a participant by INSZ: every attest at every initiative, and what each body decided when."),
        ["notAnInsz"] = ("Dit is geen geldig INSZ.", "This is not a valid INSZ."),
        ["attestsOfParticipant"] = ("Attesten van deze deelnemer", "This participant's attests"),
        ["delivery"] = ("Bezorging", "Delivery"),
        ["autoRefresh"] = ("Automatisch vernieuwen (elke {0} s)", "Refresh by itself (every {0} s)"),
        ["refreshedAt"] = ("Vernieuwd om", "Refreshed at"),
        ["refreshFailed"] = ("Vernieuwen lukte niet; de cijfers kunnen verouderd zijn.", "Refreshing failed; the numbers may be out of date."),
        ["chartAsTable"] = ("Dezelfde cijfers als tabel", "The same numbers as a table"),
        ["hour"] = ("Uur", "Hour"),
        ["deliveryNotFound"] = ("Deze bezorging bestaat niet (meer).", "This delivery does not exist (any more)."),
        ["messageAsSent"] = ("Het bericht zoals verzonden", "The message as sent"),
        ["messageAsSentHelp"] = ("Door de adapter van de instantie samengesteld uit de bewaarde versie, met hetzelfde bericht-id; elk INSZ gemaskeerd.", "Composed by the agency's adapter from the stored version, with the same message id; every INSZ masked."),
        ["noAdapter"] = ("Voor deze bestemming is hier geen adapter ingesteld.", "No adapter is configured here for this destination."),
        ["answers"] = ("Pogingen en antwoorden van de instantie", "Attempts and the agency's answers"),
        ["answersCaption"] = ("Elke poging met wat de instantie antwoordde (status, headers, inhoud)", "Every attempt with what the agency answered (status, headers, body)"),
        ["duration"] = ("Duur", "Duration"),
        ["outcome"] = ("Uitkomst", "Outcome"),
        ["answer"] = ("Antwoord", "Answer"),
        ["noAnswer"] = ("geen antwoord (niet bereikt, verbroken of geen HTTP)", "no answer (not reached, reset, or not over HTTP)"),
        ["noAttempts"] = ("Nog geen poging.", "No attempt yet."),
        ["archive"] = ("Archiveren", "Archive"),
        ["unarchive"] = ("Terugzetten", "Put back"),
        ["archived"] = ("Gearchiveerd", "Archived"),
        ["archiveReason"] = ("Waarom wordt dit niet opnieuw verstuurd?", "Why is this not sent again?"),
        ["archiveReasonMissing"] = ("Geef een reden om te archiveren.", "Give a reason to archive."),
        ["select"] = ("Kiezen", "Select"),
        ["selectDelivery"] = ("Bezorging {0} kiezen", "Select delivery {0}"),
        ["selected"] = ("Met de gekozen bezorgingen", "With the selected deliveries"),
        ["replaySelected"] = ("Opnieuw aanbieden", "Replay"),
        ["archiveSelected"] = ("Archiveren", "Archive"),
        ["unarchiveSelected"] = ("Terugzetten bij de dode brieven", "Put back among the dead letters"),
        ["nothingSelected"] = ("Kies eerst een of meer bezorgingen.", "Select one or more deliveries first."),
        ["confirmBulk"] = ("{0}: {1} bezorging(en). Alleen wie in een passende toestand staat, beweegt.", "{0}: {1} deliveries. Only those in a fitting state move."),
        ["decisionsOverTime"] = ("Beslissingen, verlengingen en wijzigingen in de tijd", "Decisions, renewals and changes over time"),
    };

    private static readonly Dictionary<DeliveryState, (string Nl, string En)> States = new()
    {
        [DeliveryState.Pending] = ("Wachtend", "Pending"),
        [DeliveryState.Sent] = ("Verzonden, wacht op beslissing", "Sent, awaiting decision"),
        [DeliveryState.Acknowledged] = ("Aanvaard", "Acknowledged"),
        [DeliveryState.Rejected] = ("Geweigerd", "Rejected"),
        [DeliveryState.RetryScheduled] = ("Nieuwe poging gepland", "Retry scheduled"),
        [DeliveryState.DeadLettered] = ("Dode brief", "Dead-lettered"),
        [DeliveryState.Overdue] = ("Te laat beantwoord", "Overdue"),
        [DeliveryState.Waiting] = ("Wacht op een andere instantie", "Waiting for another body"),
        [DeliveryState.Stopped] = ("Niet verzonden (keten gestopt)", "Not sent (chain stopped)"),
        [DeliveryState.Archived] = ("Gearchiveerd", "Archived"),
    };

    private static readonly Dictionary<AttestStatus, (string Nl, string En)> Statuses = new()
    {
        [AttestStatus.InProgress] = ("In behandeling", "In progress"),
        [AttestStatus.Recognised] = ("Erkend", "Recognised"),
        [AttestStatus.Refused] = ("Geweigerd", "Refused"),
        [AttestStatus.Cancelled] = ("Ingetrokken", "Cancelled"),
    };

    private Labels(bool english) => English = english;

    public bool English { get; }

    public string Lang => English ? "en" : "nl";

    public string this[string key] => English ? Words[key].En : Words[key].Nl;

    public string Of(DeliveryState state) => English ? States[state].En : States[state].Nl;

    public string Of(AttestStatus status) => English ? Statuses[status].En : Statuses[status].Nl;

    /// <summary>The language of this request: <c>?lang=</c> wins and is remembered; otherwise the cookie; otherwise Dutch.</summary>
    public static Labels For(HttpContext http)
    {
        var asked = http.Request.Query["lang"].ToString();
        if (asked is "nl" or "en")
        {
            http.Response.Cookies.Append("lang", asked, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
            return new Labels(asked == "en");
        }

        return new Labels(http.Request.Cookies["lang"] == "en");
    }
}
