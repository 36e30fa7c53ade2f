using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using StatuutHub.Application.Alerts;
using StatuutHub.Application.Inbox;

namespace StatuutHub.Host.Alerts;

/// <summary>The hub's mail through one SMTP server with MailKit (<c>Alerts:Mail</c>): alerts to the configured recipients, and the
/// inbox's daily mail to each office's own addresses. One connection per message, which is rare.</summary>
public sealed class SmtpMail(IOptions<AlertOptions> options) : IAlertMail, IInboxMail
{
    public Task SendAsync(string subject, string body, CancellationToken ct) => SendAsync(options.Value.Mail.To, subject, body, ct);

    public async Task SendAsync(IReadOnlyList<string> to, string subject, string body, CancellationToken ct)
    {
        var o = options.Value.Mail;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.AddRange(to.Select(MailboxAddress.Parse));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        using var smtp = new SmtpClient { Timeout = 30_000 };
        await smtp.ConnectAsync(o.Host ?? throw new InvalidOperationException("Alerts:Mail:Host is not set."), o.Port, o.Security switch
        {
            "None" => SecureSocketOptions.None,
            "SslOnConnect" => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        }, ct);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await smtp.AuthenticateAsync(o.UserName, o.Password ?? string.Empty, ct);
        }

        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(quit: true, ct);
    }
}
