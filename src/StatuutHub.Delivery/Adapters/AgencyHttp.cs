using System.Net;
using System.Text;

namespace StatuutHub.Delivery.Adapters;

/// <summary>The one way adapters post to an agency: the hub's message id in <c>X-Message-Id</c>,
/// transport errors and answers classified as transient or permanent failures.</summary>
public static class AgencyHttp
{
    /// <summary>The base address with a trailing slash, so relative paths append instead of replacing the last segment.</summary>
    public static Uri BaseAddress(Uri? configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var text = configured.ToString();
        return text.EndsWith('/') ? configured : new Uri(text + "/");
    }

    /// <summary>Posts the agency's message to its path and returns the answer body of a 2xx response.</summary>
    /// <exception cref="DeliveryFailedException">Anything else: 5xx, 408, 429 and transport errors are transient; other 4xx are permanent.</exception>
    public static async Task<string> PostAsync(HttpClient client, AgencyRequest message, Guid messageId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(message.Path, UriKind.Relative))
        {
            Content = new StringContent(message.Body, Encoding.UTF8, message.MediaType),
        };
        request.Headers.Add("X-Message-Id", messageId.ToString("D"));
        using var response = await SendAsync(client, request, ct);
        var answer = await response.Content.ReadAsStringAsync(ct);
        if (response.IsSuccessStatusCode)
        {
            return answer;
        }

        ThrowIfCredentialRefused(response);
        var status = (int)response.StatusCode;
        var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        // The message goes to the log and the delivery's last error: an INSZ the agency quotes is masked before either sees it.
        var excerpt = StatuutHub.Storage.Protection.PersonalText.Scrub(answer.Length > 300 ? answer[..300] + "…" : answer);
        throw new DeliveryFailedException($"agency answered {status} {response.ReasonPhrase}: {excerpt}", transient);
    }

    /// <summary>The decision query every agency answers (schemas/destinations/decision-query-v1.md): <c>GET decisions/{messageId}</c>
    /// relative to its base address; 200 with the decision in the agency's own callback format, 202 while it decides, 404 for a
    /// message it does not know.</summary>
    public static async Task<DecisionStatus> QueryDecisionAsync(HttpClient client, Guid messageId, Func<string, string, AgencyDecision> parse, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"decisions/{messageId:D}", UriKind.Relative));
        using var response = await SendAsync(client, request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                try
                {
                    return new DecisionStatus(DecisionStatusKind.Decided, parse(response.Content.Headers.ContentType?.MediaType ?? string.Empty, body));
                }
                catch (FormatException ex)
                {
                    throw new DeliveryFailedException($"the agency's answer is not a decision: {ex.Message}", transient: true, ex);
                }

            case HttpStatusCode.Accepted or HttpStatusCode.NoContent:
                return DecisionStatus.Pending;
            case HttpStatusCode.NotFound:
                return DecisionStatus.Unknown;
            default:
                ThrowIfCredentialRefused(response);
                throw new DeliveryFailedException($"agency answered {(int)response.StatusCode} to the decision query", transient: true);
        }
    }

    /// <summary>Sends; a transport error (refused, reset, DNS) is a transient failure: the agency may be back soon.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            return await client.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            // The framework's message is generic ("an error occurred while sending the request"); the socket's says what happened.
            var cause = ex.InnerException is { } inner ? $" ({inner.GetBaseException().Message})" : string.Empty;
            throw new DeliveryFailedException($"agency unreachable: {ex.Message}{cause}", transient: true, ex);
        }
    }

    /// <summary>A 401 or 403 is permanent: the same credential would be refused again. Fix the settings, then replay the dead letters.</summary>
    private static void ThrowIfCredentialRefused(HttpResponseMessage response)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new DeliveryFailedException($"the agency refused the hub's credential ({(int)response.StatusCode} {response.ReasonPhrase}): check this destination's Authentication settings", transient: false);
        }
    }
}
