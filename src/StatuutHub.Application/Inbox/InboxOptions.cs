using System.ComponentModel.DataAnnotations;

namespace StatuutHub.Application.Inbox;

/// <summary>The <c>Inbox</c> section: the daily mail that tells an office on the inbox how many requests wait for it.</summary>
public sealed class InboxOptions
{
    /// <summary>Per office (its destination id, e.g. <c>ocmw-44021</c>): the addresses its mail goes to. An office without
    /// addresses gets no mail.</summary>
    public Dictionary<string, OfficeMailOptions> Offices { get; set; } = [];

    /// <summary>How often the mail goes (daily); the first at start-up.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A request counts as soon due when its answer is due within this many days.</summary>
    [Range(1, 60)]
    public int SoonDueDays { get; set; } = 3;

    /// <summary>The hub's address as the office's people reach it, for the link in the mail (e.g. <c>https://statuut.example.be</c>).</summary>
    public Uri? PublicUrl { get; set; }
}

/// <summary>Where one office's mail goes.</summary>
public sealed class OfficeMailOptions
{
    public List<string> MailTo { get; set; } = [];
}

/// <summary>Sends a plain-text mail (the host: MailKit over the alerts' SMTP server).</summary>
public interface IInboxMail
{
    Task SendAsync(IReadOnlyList<string> to, string subject, string body, CancellationToken ct);
}

/// <summary>Refuses, at start-up, an office that is not a destination id or an address that is not one.</summary>
public sealed class InboxOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<InboxOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, InboxOptions options)
    {
        var errors = new List<string>();
        foreach (var (office, settings) in options.Offices)
        {
            if (!StatuutHub.Domain.Routing.Destination.TryParse(office, out var destination) || destination.Id != office)
            {
                errors.Add($"Inbox:Offices:{office}: not an office's destination id (e.g. ocmw-44021, mutualiteit-100, vdab).");
            }

            errors.AddRange(settings.MailTo.Where(a => !System.Net.Mail.MailAddress.TryCreate(a, out _))
                .Select(a => $"Inbox:Offices:{office}:MailTo: '{a}' is not a mail address."));
        }

        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
