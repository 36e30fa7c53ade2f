using StatuutHub.Domain.Deliveries;

namespace StatuutHub.Host.Dashboard;

/// <summary>The dashboard's words, Dutch first, English on request (<c>?lang=en</c>, remembered in a cookie).</summary>
public sealed class Labels
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
