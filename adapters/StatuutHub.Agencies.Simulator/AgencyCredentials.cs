using StatuutHub.Domain.Routing;

namespace StatuutHub.Agencies.Simulator;

/// <summary>What a simulated agency demands of the hub before it reads a message: an API key in <c>X-Api-Key</c>, a bearer
/// token from its own token endpoint (<c>/oauth2/token</c>, client-credentials grant), a client certificate with this
/// SHA-256 thumbprint — each that is set, together.</summary>
public sealed record AgencyCredentials
{
    public string? ApiKey { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    /// <summary>SHA-256 thumbprint (hex) of the client certificate the agency accepts (it then listens on HTTPS).</summary>
    public string? ClientCertificateThumbprint { get; init; }

    public static readonly AgencyCredentials None = new();

    /// <summary>The demo's agencies: the RVA and the RSZ (Dimona) hand out OAuth2 tokens, as the federal services do; the
    /// mutualiteiten, the OCMW and VDAB take an API key. The secrets are published, like the other demo credentials.</summary>
    public static AgencyCredentials Demo(DestinationKind kind) => kind is DestinationKind.Rva or DestinationKind.Dimona
        ? new AgencyCredentials { ClientId = "statuuthub-demo", ClientSecret = $"DEMO-ONLY-oauth-{Destination.KindName(kind)}" }
        : new AgencyCredentials { ApiKey = $"DEMO-ONLY-outbound-{Destination.KindName(kind)}" };

    /// <summary>The key with which a demo agency on the broker seals its decisions (published, like the other demo secrets).</summary>
    public static string DemoDecisionKey(DestinationKind kind) => $"DEMO-ONLY-decision-seal-{Destination.KindName(kind)}";

    /// <summary>The hub's settings that satisfy <paramref name="required"/> at <paramref name="agencyBaseUrl"/>
    /// (keys under <c>Destinations:{kind}:Authentication</c>; a client certificate is the caller's to add).</summary>
    public IEnumerable<KeyValuePair<string, string?>> HubSettings(DestinationKind kind, Uri agencyBaseUrl)
    {
        var at = $"Destinations:{Destination.KindName(kind)}:Authentication";
        if (ApiKey is not null)
        {
            yield return new($"{at}:ApiKey", ApiKey);
        }

        if (ClientId is not null)
        {
            yield return new($"{at}:TokenEndpoint", new Uri(agencyBaseUrl, AgencyGate.TokenPath.TrimStart('/')).ToString());
            yield return new($"{at}:ClientId", ClientId);
            yield return new($"{at}:ClientSecret", ClientSecret);
        }
    }
}
