using System.Security.Cryptography.X509Certificates;

namespace StatuutHub.Delivery.Authentication;

/// <summary><c>Destinations:{kind}:Authentication</c>: how the hub proves who it is to that agency. One of an API key or
/// an OAuth2 client-credentials grant, optionally with a client certificate (mutual TLS), or a client certificate alone.
/// Secrets come from configuration or the environment (<c>Destinations__rva__Authentication__ClientSecret</c>).</summary>
public sealed class OutboundAuthenticationOptions
{
    /// <summary>Call the agency without any credential, deliberately (outside Development a destination needs one otherwise).</summary>
    public bool Anonymous { get; set; }

    /// <summary>A static key, sent in <see cref="ApiKeyHeader"/>.</summary>
    public string? ApiKey { get; set; }

    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <summary>The OAuth2 token endpoint (client-credentials grant, client authenticated with HTTP Basic).</summary>
    public Uri? TokenEndpoint { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Optional <c>scope</c> of the token request.</summary>
    public string? Scope { get; set; }

    /// <summary>A token is renewed this long before it expires, so none expires in flight.</summary>
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The hub's client certificate: a PKCS#12 file (with <see cref="ClientCertificatePassword"/>), or a PEM
    /// certificate with its key in <see cref="ClientCertificateKeyPath"/>. Loaded at start-up (a renewed file takes effect at the next restart).</summary>
    public string? ClientCertificatePath { get; set; }

    public string? ClientCertificatePassword { get; set; }

    public string? ClientCertificateKeyPath { get; set; }

    /// <summary>SHA-256 thumbprints (hex) of the agency's server certificates to accept whatever their chain (a private CA,
    /// a self-signed test agency); empty: the machine's trust store decides.</summary>
    public List<string> ServerCertificateThumbprints { get; set; } = [];

    public bool UsesOAuth2 => TokenEndpoint is not null || ClientId is not null || ClientSecret is not null;

    public bool UsesClientCertificate => !string.IsNullOrEmpty(ClientCertificatePath);

    /// <summary>Loads the client certificate.</summary>
    public X509Certificate2 LoadClientCertificate() =>
        string.IsNullOrEmpty(ClientCertificateKeyPath)
            ? X509CertificateLoader.LoadPkcs12FromFile(ClientCertificatePath!, ClientCertificatePassword)
            : X509Certificate2.CreateFromPemFile(ClientCertificatePath!, ClientCertificateKeyPath);

    /// <summary>What is wrong with these settings for <paramref name="destination"/>, in words an operator can act on.</summary>
    public IEnumerable<string> Problems(string destination, bool development)
    {
        var at = $"Destinations:{destination}:Authentication";
        if (ApiKey is not null && UsesOAuth2)
        {
            yield return $"{at}: choose an ApiKey or OAuth2 (TokenEndpoint, ClientId, ClientSecret), not both.";
        }

        if (UsesOAuth2)
        {
            var missing = new[] { ("TokenEndpoint", TokenEndpoint?.ToString()), ("ClientId", ClientId), ("ClientSecret", ClientSecret) }
                .Where(p => string.IsNullOrEmpty(p.Item2)).Select(p => p.Item1).ToList();
            if (missing.Count > 0)
            {
                yield return $"{at}: OAuth2 client credentials need {string.Join(", ", missing)} as well.";
            }
            else if (!TokenEndpoint!.IsAbsoluteUri || TokenEndpoint.Scheme is not ("https" or "http"))
            {
                yield return $"{at}:TokenEndpoint must be an absolute http(s) address.";
            }
        }

        if (ApiKey is { Length: 0 } || string.IsNullOrWhiteSpace(ApiKeyHeader))
        {
            yield return $"{at}: ApiKey and ApiKeyHeader must not be empty.";
        }

        if (TokenRefreshMargin < TimeSpan.Zero || TokenRefreshMargin > TimeSpan.FromHours(1))
        {
            yield return $"{at}:TokenRefreshMargin must lie between 0 and 1 hour.";
        }

        foreach (var pin in ServerCertificateThumbprints.Where(p => p.Length != 64 || !p.All(char.IsAsciiHexDigit)))
        {
            yield return $"{at}:ServerCertificateThumbprints: '{pin}' is not a SHA-256 thumbprint (64 hex digits).";
        }

        if (UsesClientCertificate && CertificateProblem() is { } problem)
        {
            yield return $"{at}:ClientCertificatePath: {problem}";
        }

        if (!development && !Anonymous && ApiKey is null && !UsesOAuth2 && !UsesClientCertificate)
        {
            yield return $"{at}: no credential configured (geen sleutel voor deze instantie); set ApiKey, OAuth2 (TokenEndpoint, ClientId, ClientSecret) " +
                "or ClientCertificatePath — or Anonymous=true to call the agency without one, deliberately.";
        }
    }

    private string? CertificateProblem()
    {
        try
        {
            using var certificate = LoadClientCertificate();
            return certificate.HasPrivateKey ? null : "the certificate has no private key.";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            return $"cannot be loaded: {ex.Message}";
        }
    }
}
