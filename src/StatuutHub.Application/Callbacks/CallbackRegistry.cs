using System.Net;
using Microsoft.Extensions.Options;
using StatuutHub.Application.Intake;
using StatuutHub.Domain.Identifiers;
using StatuutHub.Storage.Contract;

namespace StatuutHub.Application.Callbacks;

/// <summary>Registering, listing and removing initiatives' callbacks, and offering dead-lettered events again.</summary>
public sealed class CallbackRegistry(ICallbackStore store, IOptions<CallbackOptions> options, CallbackSignal signal, TimeProvider time)
{
    /// <summary>The shortest secret an initiative may choose (the hub's own are 43 characters).</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>Registers (or replaces) <paramref name="initiative"/>'s callback. Without a secret the hub makes one; it is returned
    /// once, here, and never shown again.</summary>
    public async Task<CallbackRegistration> RegisterAsync(string initiative, string? url, string? secret, CancellationToken ct)
    {
        if (!KboNumber.TryParse(initiative, out var kbo, out _))
        {
            return Refused("INITIATIVE_INVALID", "Dit is geen geldig ondernemingsnummer (KBO).", "This is not a valid enterprise number (KBO).");
        }

        if (CheckUrl(url) is { } refusal)
        {
            return new CallbackRegistration(null, null, refusal);
        }

        if (secret is not null && secret.Trim().Length < MinimumSecretLength)
        {
            return Refused("CALLBACK_SECRET_WEAK", $"Het geheim moet minstens {MinimumSecretLength} tekens lang zijn; laat het weg en de hub maakt er een.",
                $"The secret must be at least {MinimumSecretLength} characters long; leave it out and the hub makes one.");
        }

        var chosen = secret?.Trim() ?? CallbackSignature.NewSecret();
        var subscription = new CallbackSubscription(kbo.Value, new Uri(url!), chosen, time.GetUtcNow());
        await store.SetCallbackAsync(subscription, ct);
        return new CallbackRegistration(subscription, secret is null ? chosen : null, null);
    }

    /// <summary>Removes the callback and the events still owed on it.</summary>
    public async Task<bool> RemoveAsync(string initiative, CancellationToken ct) =>
        KboNumber.TryParse(initiative, out var kbo, out _) && await store.RemoveCallbackAsync(kbo.Value, ct);

    /// <summary>Every callback with its event counts.</summary>
    public Task<IReadOnlyList<CallbackSummary>> ListAsync(CancellationToken ct) => store.ReadCallbacksAsync(ct);

    /// <summary>Offers dead-lettered events again (one, one initiative's, or all) and wakes the sender.</summary>
    public async Task<int> RetryAsync(string? initiative, Guid? eventId, CancellationToken ct)
    {
        var kbo = initiative is not null && KboNumber.TryParse(initiative, out var parsed, out _) ? parsed.Value : initiative;
        var offered = await store.RetryCallbacksAsync(kbo, eventId, time.GetUtcNow(), ct);
        if (offered > 0)
        {
            signal.Wake();
        }

        return offered;
    }

    /// <summary>Why <paramref name="url"/> may not be a callback address, or null when it may.</summary>
    public Refusal? CheckUrl(string? url)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2048 || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Refusal("CALLBACK_URL_INVALID", "Geef een volledig adres op, zoals https://voorbeeld.be/statuut.", "Give a full address, such as https://example.be/statuut.");
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(o.AllowHttp && uri.Scheme == Uri.UriSchemeHttp))
        {
            return Refusal("CALLBACK_URL_NOT_HTTPS", "Een terugmeldadres moet met https:// beginnen: gebeurtenissen reizen versleuteld.",
                "A callback address must start with https://: events travel encrypted.");
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return Refusal("CALLBACK_URL_INVALID", "Een terugmeldadres bevat geen gebruikersnaam, wachtwoord of #-deel.", "A callback address holds no user name, password or #-part.");
        }

        var inward = uri.IsLoopback || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.IdnHost, out var ip) && !CallbackAddresses.IsPublic(ip));
        return inward && !o.AllowPrivateNetworks
            ? Refusal("CALLBACK_URL_PRIVATE", "Dit adres wijst naar het eigen of een privénetwerk; geef een publiek bereikbaar adres op.",
                "This address points at the hub's own or a private network; give a publicly reachable address.")
            : null;
    }

    private static Refusal Refusal(string code, string nl, string en) => new(RefusalKind.BadRequest, code, nl, en);

    private static CallbackRegistration Refused(string code, string nl, string en) => new(null, null, Refusal(code, nl, en));
}

/// <summary>A registration's outcome: the subscription and the secret the hub made (shown once), or why it was refused.</summary>
public sealed record CallbackRegistration(CallbackSubscription? Subscription, string? GeneratedSecret, Refusal? Refusal);

/// <summary>Wakes the callback sender when there is work (a retry offered).</summary>
public sealed class CallbackSignal : StatuutHub.Delivery.Outbox.WorkSignal;
