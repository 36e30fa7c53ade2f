using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Jobs;
using StatuutHub.Domain.Deliveries;
using StatuutHub.Domain.Routing;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Inbox;

/// <summary>Told, not polled: once a day each office on the inbox with mail addresses (<c>Inbox:Offices:{office}:MailTo</c>) hears how
/// many requests came in since the last mail, how many are due soon and how many are late — counts and a link, never a person.
/// Nothing waiting, no mail. Once for the whole hub (the periodic jobs' lease).</summary>
public sealed class InboxDigest(IInboxStore inbox, IInboxMail mail, IOptions<InboxOptions> options, TimeProvider time, ILogger<InboxDigest> logger) : IPeriodicJob
{
    public string Name => "inbox-digest";

    public bool Enabled => options.Value.Offices.Values.Any(o => o.MailTo.Count > 0);

    public TimeSpan Interval => options.Value.DigestInterval;

    public bool OncePerHub => true;

    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var (office, settings) in options.Value.Offices.Where(o => o.Value.MailTo.Count > 0))
        {
            if (!Destination.TryParse(office, out _))
            {
                continue; // refused at start-up (InboxOptionsValidator); kept here so a typo can never mail
            }

            var counts = await CountAsync(office, ct);
            if (counts.Waiting == 0)
            {
                continue;
            }

            var (subject, body) = Compose(office, counts);
            await mail.SendAsync(settings.MailTo, subject, body, ct);
            logger.LogInformation("Inbox mail to {Office}: {New} new, {SoonDue} soon due, {Overdue} overdue of {Waiting} waiting", office, counts.New, counts.SoonDue, counts.Overdue, counts.Waiting);
        }
    }

    /// <summary>The counts for one office now.</summary>
    public async Task<DigestCounts> CountAsync(string office, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var waiting = await inbox.ListInboxAsync(office, [.. OfficeInbox.Waiting], newestFirst: false, 1000, ct);
        var soon = now.AddDays(options.Value.SoonDueDays);
        return new DigestCounts(
            waiting.Count,
            waiting.Count(r => (r.SentAt ?? r.CreatedAt) > now - Interval),
            waiting.Count(r => r.State != DeliveryState.Overdue && r.AnswerDueAt is { } due && due <= soon),
            waiting.Count(r => r.State == DeliveryState.Overdue));
    }

    /// <summary>The mail: subject and plain text in Dutch, French and English, with counts and the link to the inbox only.</summary>
    public (string Subject, string Body) Compose(string office, DigestCounts c)
    {
        var link = options.Value.PublicUrl is { } url ? new Uri(url, "/kantoor").ToString() : "/kantoor";
        var days = options.Value.SoonDueDays.ToString(CultureInfo.InvariantCulture);
        var subject = $"StatuutHub {office}: {c.Waiting} aanvraag/aanvragen te behandelen / demande(s) à traiter / request(s) to handle";
        var body = string.Join("\n",
            $"Inbox {office}",
            string.Empty,
            $"Nieuw sinds de vorige mail: {c.New}. Binnen {days} dagen te beantwoorden: {c.SoonDue}. Te laat: {c.Overdue}. In totaal te behandelen: {c.Waiting}.",
            $"Nouvelles depuis le dernier courriel : {c.New}. À répondre dans les {days} jours : {c.SoonDue}. En retard : {c.Overdue}. Au total à traiter : {c.Waiting}.",
            $"New since the last mail: {c.New}. Due within {days} days: {c.SoonDue}. Late: {c.Overdue}. To handle in all: {c.Waiting}.",
            string.Empty,
            link);
        return (subject, body);
    }
}

/// <summary>What an office's mail counts: waiting in all, new since the last mail, due soon, late.</summary>
public sealed record DigestCounts(int Waiting, int New, int SoonDue, int Overdue);
