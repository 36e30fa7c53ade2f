using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Mutualiteit;

/// <summary>The participant's mutualiteit, reached per landsbond: JSON request, receipt now, decision of
/// the adviserend arts later on the ack endpoint.</summary>
public sealed class MutualiteitAdapter(HttpClient http) : IDestinationAdapter
{
    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Mutualiteit;

    /// <inheritdoc />
    public AgencyRequest Compose(OutboundMessage message) =>
        new($"mutualiteiten/{message.Destination.Address}/ama-requests", MutualiteitMessageMapper.Map(message), "application/json");

    /// <inheritdoc />
    public async Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct) =>
        JsonDecision.ParseReceipt(await AgencyHttp.PostAsync(http, Compose(message), message.MessageId, ct));

    /// <inheritdoc />
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) =>
        AgencyHttp.QueryDecisionAsync(http, messageId, ParseDecision, ct);

    /// <inheritdoc />
    public AgencyDecision ParseDecision(string contentType, string body) => JsonDecision.Parse(body);
}
