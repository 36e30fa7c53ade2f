using StatuutHub.Delivery.Adapters;
using StatuutHub.Domain.Routing;

namespace StatuutHub.Adapters.Vdab;

/// <summary>VDAB, the Flemish regional employment service: JSON permission request, receipt now, decision later
/// (its reference is the permission the RVA notification then names).</summary>
public sealed class VdabAdapter(HttpClient http) : IDestinationAdapter
{
    /// <inheritdoc />
    public DestinationKind Kind => DestinationKind.Vdab;

    /// <inheritdoc />
    public AgencyRequest Compose(OutboundMessage message) => new("vdab/ama-requests", VdabMessageMapper.Map(message), "application/json");

    /// <inheritdoc />
    public async Task<AgencyAnswer> SendAsync(OutboundMessage message, CancellationToken ct) =>
        JsonDecision.ParseReceipt(await AgencyHttp.PostAsync(http, Compose(message), message.MessageId, ct));

    /// <inheritdoc />
    public Task<DecisionStatus> QueryDecisionAsync(Guid messageId, CancellationToken ct) =>
        AgencyHttp.QueryDecisionAsync(http, messageId, ParseDecision, ct);

    /// <inheritdoc />
    public AgencyDecision ParseDecision(string contentType, string body) => JsonDecision.Parse(body);
}
