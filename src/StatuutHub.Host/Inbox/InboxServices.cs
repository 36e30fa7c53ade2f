using Microsoft.Extensions.Options;
using StatuutHub.Application.Inbox;
using StatuutHub.Host.Alerts;

namespace StatuutHub.Host.Inbox;

/// <summary>The inbox for offices without IT: its use cases, its refusal reasons, and its daily mail (<c>Inbox</c> section) through the
/// alerts' SMTP server.</summary>
public static class InboxServices
{
    public static void AddStatuutHubInbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(RefusalReasons.LoadDefault());
        builder.Services.AddSingleton<OfficeInbox>();
        builder.Services.AddOptions<InboxOptions>().Bind(builder.Configuration.GetSection("Inbox")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<InboxOptions>, InboxOptionsValidator>();
        builder.Services.AddSingleton<IInboxMail>(sp => sp.GetRequiredService<SmtpMail>());
        builder.Services.AddSingleton<InboxDigest>();
        builder.Services.AddSingleton<StatuutHub.Application.Jobs.IPeriodicJob>(sp => sp.GetRequiredService<InboxDigest>());
    }

    public static void MapInbox(this IEndpointRouteBuilder app)
    {
        app.MapInboxPages();
        app.MapInboxApi();
    }
}
