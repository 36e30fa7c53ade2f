using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Ocmw;

/// <summary>The OCMW of the participant's municipality: JSON notification, receipt now, decision later.</summary>
public sealed class OcmwAdapter(HttpClient http) : IDestinationAdapter
{
    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Ocmw;

    /// <inheritdoc />
    public AgencyRequest Compose(OutboundMessage message) =>
        new($"ocmw/{message.Destination.Address}/ama-notifications", OcmwMessageMapper.Map(message), "application/json");

    /// <inheritdoc />
    public async Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct) =>
        JsonDecision.ParseReceipt(await AgencyHttp.PostAsync(http, Compose(message), message.MessageId, ct));

    /// <inheritdoc />
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) =>
        AgencyHttp.QueryDecisionAsync(http, messageId, ParseDecision, ct);

    /// <inheritdoc />
    public AgencyDecision ParseDecision(string contentType, string body) => JsonDecision.Parse(body);
}
