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
    public async Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var path = new Uri($"mutualiteiten/{message.Destination.Address}/ama-requests", UriKind.Relative);
        return JsonDecision.ParseReceipt(await AgencyHttp.PostAsync(http, path, MutualiteitMessageMapper.Map(message), "application/json", message.MessageId, ct));
    }

    /// <inheritdoc />
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) =>
        AgencyHttp.QueryDecisionAsync(http, messageId, ParseDecision, ct);

    /// <inheritdoc />
    public AgencyDecision ParseDecision(string contentType, string body) => JsonDecision.Parse(body);
}
