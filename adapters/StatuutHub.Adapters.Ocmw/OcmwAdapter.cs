using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Ocmw;

/// <summary>The OCMW of the participant's municipality: JSON notification, receipt now, decision later.</summary>
public sealed class OcmwAdapter(HttpClient http) : IDestinationAdapter
{
    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Ocmw;

    /// <inheritdoc />
    public async Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var path = new Uri($"ocmw/{message.Destination.Address}/ama-notifications", UriKind.Relative);
        return JsonDecision.ParseReceipt(await AgencyHttp.PostAsync(http, path, OcmwMessageMapper.Map(message), "application/json", message.MessageId, ct));
    }

    /// <inheritdoc />
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) =>
        AgencyHttp.QueryDecisionAsync(http, messageId, ParseDecision, ct);

    /// <inheritdoc />
    public AgencyDecision ParseDecision(string contentType, string body) => JsonDecision.Parse(body);
}
