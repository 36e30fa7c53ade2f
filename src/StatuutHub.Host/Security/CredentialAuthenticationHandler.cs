using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using StatuutHub.Host.Problems;

namespace StatuutHub.Host.Security;

/// <summary>Authenticates API callers (initiatives, agencies, staff scripts) by an API key in
/// <c>Authorization: Bearer</c>, <c>X-Api-Key</c> or (for agencies) <c>X-Agency-Key</c>, or by a pinned
/// client certificate when mutual TLS is on. Answers 401/403 as problem details, never a redirect.</summary>
public sealed class CredentialAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, CredentialDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Credential";

    /// <summary>Whether a request carries something this scheme reads (else the dashboard cookie is tried).</summary>
    public static bool Presents(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Headers.ContainsKey("X-Api-Key") || request.Headers.ContainsKey("X-Agency-Key")
        || request.HttpContext.Connection.ClientCertificate is not null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey(Request);
        if (key is not null)
        {
            return Task.FromResult(directory.FindByKey(key) is { } caller
                ? Success(caller)
                : AuthenticateResult.Fail("Unknown key."));
        }

        if (Context.Connection.ClientCertificate is { } certificate)
        {
            var thumbprint = Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
            return Task.FromResult(directory.FindByThumbprint(thumbprint) is { } caller
                ? Success(caller)
                : AuthenticateResult.Fail("Client certificate not registered."));
        }

        return Task.FromResult(AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await HubProblems.Single(StatusCodes.Status401Unauthorized, "NOT_AUTHENTICATED",
            "Geen of een onbekende sleutel of certificaat; stuur Authorization: Bearer <sleutel>.",
            "Missing or unknown key or certificate; send Authorization: Bearer <key>.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await HubProblems.Single(StatusCodes.Status403Forbidden, "NOT_ALLOWED",
            "Deze sleutel geeft geen toegang tot deze handeling.", "This key does not allow this action.").ExecuteAsync(Context);

    private AuthenticateResult Success(HubCaller caller) =>
        AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName));

    private static string? PresentedKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }

        if (authorization.Length > 0)
        {
            return string.Empty; // another scheme (Basic, ...): not a key we know, so it fails rather than falls through
        }

        return request.Headers["X-Api-Key"].FirstOrDefault() ?? request.Headers["X-Agency-Key"].FirstOrDefault();
    }
}
