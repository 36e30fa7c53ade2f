using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using StatuutHub.Delivery.Resilience;

namespace StatuutHub.Delivery.Authentication;

/// <summary>Puts the destination's credential on every call: its API key, or a bearer token from
/// <see cref="ClientCredentialsTokens"/>. A 401 with a token gets one fresh token and one more try (the agency may have
/// revoked it, or its clock runs ahead); a second 401 is the agency's final word, which <c>AgencyHttp</c> classifies.</summary>
public sealed class OutboundCredentialHandler(string destination, IOptionsMonitor<DestinationOptions> options, ClientCredentialsTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var auth = options.Get(destination).Authentication;
        if (auth.ApiKey is { } key)
        {
            request.Headers.Remove(auth.ApiKeyHeader);
            request.Headers.TryAddWithoutValidation(auth.ApiKeyHeader, key);
        }

        if (!auth.UsesOAuth2)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var token = await tokens.GetAsync(destination, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.RenewAsync(destination, token, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
